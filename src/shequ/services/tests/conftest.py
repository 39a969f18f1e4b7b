"""Fixtures for 民生联解: a community-level catalogue item, an elderly resident living
alone with an account (王奶奶) and a neighbour without a tag, and a street-level item."""

from __future__ import annotations

import pytest

from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.registry.models import Tag
from shequ.services import services
from shequ.testing import factories


def person(household, name, area, role=Role.RESIDENT, tags=()):
    """A resident with a signed-in account linked to them."""
    r = factories.resident(household, name=name)
    r.user = factories.user(role, area)
    r.save(update_fields=["user"])
    if tags:
        r.tags.add(*Tag.objects.filter(code__in=tags))
    return r


@pytest.fixture
def granny(tree):
    return person(tree.household1, "王奶奶", tree.grid1, tags=["elderly_alone"])


@pytest.fixture
def neighbour(tree):
    return person(tree.household2, "李明", tree.grid2)


@pytest.fixture
def item(tree, staff):
    return services.item_create(
        actor=staff, area=tree.community, code="elderly_card", name="老年优待证",
        department="区民政局", materials="身份证\n一寸照片", time_limit_days=5,
        counter="便民服务窗口1", home_service=True)


@pytest.fixture
def street_item(tree):
    return services.item_create(
        actor=SYSTEM, area=tree.street, code="hukou_cert", name="户籍证明",
        department="派出所", time_limit_days=3, counter="综合窗口", fee="10",
        payer="government")
