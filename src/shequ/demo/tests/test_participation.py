"""The demo command fills a community's participation pages through the real services."""

import pytest
from django.core.management import call_command

from shequ.campaigns.models import Activity, Selection
from shequ.courses.models import Course
from shequ.members.models import ServicePost
from shequ.registry.models import PartyMember
from shequ.testing import factories
from shequ.volunteers.models import (
    PointsAccount,
    Reward,
    ServiceNeed,
    ServiceOrganisation,
    Volunteer,
)
from shequ.volunteers.selectors import ledger_drift


def test_demo_participation(tree, capsys):
    for i in range(8):
        factories.resident(tree.household1 if i % 2 else tree.household2, name=f"居民{i}")
    call_command("demo_participation", "--per-community", "6")
    assert Volunteer.objects.count() == 6
    assert ServiceNeed.objects.count() == 5 and Reward.objects.count() == 4
    assert PointsAccount.objects.filter(balance__gt=0).count() == 1  # two wait for staff
    assert Activity.objects.count() == Selection.objects.count() == Course.objects.count() == 1
    teams = {o.name: o for o in ServiceOrganisation.objects.all()}
    assert len(teams) == 2
    assert sum(1 for o in teams.values() if o.leader_id) == 1  # one registered, one incubating
    assert ServicePost.objects.count() == 3
    assert not ledger_drift(chain=True).drift
    call_command("demo_participation", "--if-empty")
    assert "nothing done" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_participation_fits_dual_registrations_into_the_posts_places(monkeypatch):
    """More in-service party members live in a community than its service posts have
    places: the demo registers members only while a post has room, and never fails."""
    from shequ.demo import generator
    from shequ.demo.scales import SCALES, Scale
    from shequ.members.models import DualRegistration

    # given a custom scale whose one community holds many in-service party members
    crowded = Scale("crowded", 1, 1, (2, 2), (4, 4), 400, (4, 4), 1.0)
    monkeypatch.setitem(SCALES, "crowded", crowded)
    generator.load(scale="crowded", seed=3)
    in_service = PartyMember.objects.filter(unit__isnull=False).count()
    assert in_service > 24  # more than the three posts' places together
    # when the participation step runs
    call_command("demo_participation", "--per-community", "10")
    # then it finished, registrations exist, and no post holds more than its places
    assert DualRegistration.objects.filter(is_active=True).exists()
    for post in ServicePost.objects.all():
        taken = post.registrations.filter(is_active=True).count()
        assert post.capacity is None or taken <= post.capacity, post.name
