"""The demo loader: the demo community has matters in every state, meetings with votes
and resolutions; every other community has decided matters on its public page."""

import pytest

from shequ.deliberation import selectors
from shequ.deliberation.demo import generate_deliberation
from shequ.deliberation.models import Matter, MatterStatus, Meeting, Resolution

pytestmark = pytest.mark.django_db


def test_the_demo_community_has_work_in_every_state():
    from shequ.accounts.models import User
    from shequ.demo import generator

    generator.load(scale="tiny", seed=5)
    counts = generate_deliberation(seed=5)
    assert counts["matters"] == Matter.objects.count() > 0
    staff = User.objects.get(username="community_staff")
    states = set(selectors.matter_list(actor=staff).values_list("status", flat=True))
    assert set(MatterStatus.values) <= states
    assert Meeting.objects.filter(kind="joint").exists()
    assert any(r.is_overdue for r in Resolution.objects.all())
    supervisor = User.objects.get(username="supervisor")
    assert selectors.matter_list(actor=supervisor).exists()
    district = User.objects.get(username="district_admin")
    assert selectors.matter_list(actor=district).filter(status="proposed").exists()
    # the unit liaison has their unit's resolutions to follow up, one of them late
    liaison = User.objects.get(username="unit_liaison")
    mine = list(selectors.resolution_list(actor=liaison, mine=True))
    assert mine and any(r.is_overdue for r in mine)
