"""Fixtures for the circle: the test tree's two buildings placed 1.9 km apart (7栋 west,
8栋 east), a clinic 120 m from 7栋 and a bank near neither."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shequ.circle import services
from shequ.circle.models import PointCategory
from shequ.core.actors import SYSTEM

WEST = (Decimal("31.200000"), Decimal("107.500000"))
EAST = (Decimal("31.200000"), Decimal("107.520000"))


@pytest.fixture
def buildings(tree):
    b1 = tree.household1.entrance.building
    b2 = tree.household2.entrance.building
    b1.lat, b1.lng = WEST
    b2.lat, b2.lng = EAST
    b1.save(update_fields=["lat", "lng"])
    b2.save(update_fields=["lat", "lng"])
    return b1, b2


@pytest.fixture
def clinic(tree):
    return services.point_create(actor=SYSTEM, category=PointCategory.CLINIC, name="翠屏卫生服务站",
                                 area=tree.community, lat="31.201000", lng="107.500500",
                                 opening_hours="8:00-18:00")


@pytest.fixture
def bank(tree):
    return services.point_create(actor=SYSTEM, category=PointCategory.BANK, name="工商银行",
                                 area=tree.street, lat="31.240000", lng="107.510000")


@pytest.fixture
def computed(tree, buildings, clinic, bank):
    return services.coverage_compute(actor=SYSTEM, area=tree.district)
