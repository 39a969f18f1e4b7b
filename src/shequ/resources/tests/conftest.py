"""Fixtures of the resources tests: a unit on the community's sharing platform with a
delegate, a community-owned hall and the unit's meeting room open 08:00–22:00 every day,
a resident of the community, and ``day``: a future weekday that is not a public holiday."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.validators import uscc_check_char
from shequ.ledgers.models import Holiday
from shequ.organizations import services as org_services
from shequ.resources import services
from shequ.testing import factories
from shequ.volunteers.tests.conftest import person

OPEN = {d: (dt.time(8), dt.time(22)) for d in range(7)}


def code(n: int) -> str:
    body = f"91511703MA{n:07d}"
    return body + uscc_check_char(body)


@pytest.fixture
def unit(tree):
    return org_services.unit_create(actor=SYSTEM, name="达川区图书馆", credit_code=code(7),
                                    kind="institution", area=tree.community)


@pytest.fixture
def delegate(tree):
    return factories.user("unit_liaison", tree.community)


@pytest.fixture
def member(tree, unit, delegate):
    return services.member_join(actor=SYSTEM, unit=unit, community=tree.community,
                                contact="王馆长", delegates=[delegate])


def make_resource(community, *, owner_unit=None, name="社区活动室", **kw):
    kw.setdefault("kind", "venue")
    kw.setdefault("capacity", 30)
    r = services.resource_create(actor=SYSTEM, community=community, owner_unit=owner_unit,
                                 name=name, **kw)
    services.hours_set(actor=SYSTEM, resource=r, hours=OPEN)
    return r


@pytest.fixture
def hall(tree):
    return make_resource(tree.community, name="党群服务中心大厅")


@pytest.fixture
def room(tree, unit, member):
    return make_resource(tree.community, owner_unit=unit, name="图书馆会议室", capacity=12)


@pytest.fixture
def resident(tree):
    return person(tree.household1, "居民甲").user


@pytest.fixture
def other_resident(tree):
    return person(tree.household2, "居民乙").user


@pytest.fixture
def day():
    d = timezone.localdate() + dt.timedelta(days=9)
    holidays = set(Holiday.objects.filter(is_workday=False).values_list("date", flat=True))
    while d in holidays:
        d += dt.timedelta(days=1)
    return d


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())
