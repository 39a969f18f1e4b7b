"""The demo command fills a community's participation pages through the real services."""

from django.core.management import call_command

from shequ.campaigns.models import Activity, Selection
from shequ.courses.models import Course
from shequ.members.models import ServicePost
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
    assert PointsAccount.objects.filter(balance__gt=0).count() == 3
    assert Activity.objects.count() == Selection.objects.count() == Course.objects.count() == 1
    teams = {o.name: o for o in ServiceOrganisation.objects.all()}
    assert len(teams) == 2
    assert sum(1 for o in teams.values() if o.leader_id) == 1  # one registered, one incubating
    assert ServicePost.objects.count() == 3
    assert not ledger_drift(chain=True).drift
    call_command("demo_participation", "--if-empty")
    assert "nothing done" in capsys.readouterr().out
