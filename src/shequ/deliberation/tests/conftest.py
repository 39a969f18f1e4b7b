import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.deliberation import services
from shequ.organizations import services as org_services
from shequ.organizations.models import PartyOrg, Unit
from shequ.testing import factories


@pytest.fixture
def committee(tree):
    """The community's 大党委 with two units' part-time members."""
    org = PartyOrg.objects.create(kind="community_committee", name="翠屏社区党委",
                                  area=tree.community, path=tree.community.path)
    members = []
    for n, name in enumerate(["王兼职", "李兼职"]):
        unit = Unit.objects.create(name=f"单位{n}", kind="enterprise", area=tree.community,
                                   credit_code=f"{tree.community.path}{n}"[-18:],
                                   path=tree.community.path)
        members.append(org_services.part_time_member_add(
            actor=SYSTEM, committee=org, name=name, unit=unit, post="兼职委员"))
    return members


@pytest.fixture
def approved(tree, staff):
    """A matter through the party committee's pre-review."""
    matter = services.matter_create(actor=staff, community=tree.community, kind="funds",
                                    title="翻新小区健身广场", background="器材老化",
                                    budget="120000", budget_source="社区公益金", submit=True)
    return services.matter_review(actor=staff, matter=matter, approve=True)


@pytest.fixture
def council(tree, staff, committee):
    """A 议事会 with three invitees: two committee members and the staff member."""
    meeting = services.meeting_create(actor=staff, community=tree.community, kind="council",
                                      title="第一次议事会",
                                      starts_at=timezone.now() + dt.timedelta(days=1))
    for m in committee:
        services.invitee_add(actor=staff, meeting=meeting, member=m)
    services.invitee_add(actor=staff, meeting=meeting, user=staff)
    return meeting


@pytest.fixture
def resident(tree):
    return factories.resident(tree.household1, name="赵居民")
