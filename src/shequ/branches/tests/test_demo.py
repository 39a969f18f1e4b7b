"""The demo loader at tiny scale gives each demo login branch work: shortfalls, branches
below standard, a broken chain, and a 党课 today the demo party member can sign in to."""

import pytest
from django.utils import timezone

from shequ.accounts.models import User
from shequ.branches import selectors, services
from shequ.branches.demo import generate_branches
from shequ.branches.models import Meeting
from shequ.branches.rules import month_index, period_of
from shequ.demo import generator


@pytest.mark.django_db
def test_the_demo_gives_every_login_branch_work():
    generator.load(scale="tiny", seed=7)
    done = generate_branches(seed=7)
    assert done["meetings"] > 0 and done["responsibility_items"] > 3
    users = {u.username: u for u in User.objects.all()}
    staff, district = users["community_staff"], users["district_admin"]
    today = timezone.localdate()
    last_quarter = period_of(month_index(today), 3) - 3
    assert selectors.shortfalls(actor=district, first=last_quarter, last=last_quarter + 2)
    assert selectors.basics_list(actor=district, below_only=True)
    assert any(lk.broken for lk in selectors.chain_view(actor=users["street_admin"]))
    assert any(lk.broken for lk in selectors.chain_view(actor=staff))
    assert not Meeting.objects.filter(held_on__gt=today).exists()
    # the party member signs in to today's 党课
    member = users["party_member"]
    lesson = Meeting.objects.get(planned_on=today, held_on__isnull=True, kind="lesson")
    services.meeting_check_in(actor=member, token=lesson.checkin_token)
    assert selectors.meeting_list(actor=member).filter(pk=lesson.pk, present=1).exists()
