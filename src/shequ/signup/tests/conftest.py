"""Fixtures for sign-up: two residents of the tree's community with phones on record (one a
party member), staff of that community and of another street, and the SMS outbox."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from shequ.core import sms
from shequ.core.actors import SYSTEM
from shequ.organizations import services as org_services
from shequ.registry import services as registry_services
from shequ.territory import services as territory_services
from shequ.testing import factories

PASSWORD = "Hua-Shan-Road-2026!"


@dataclass
class Person:
    resident: object
    name: str
    id_number: str
    phone: str


@pytest.fixture(autouse=True)
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def plain(tree) -> Person:
    id_number, phone = factories.make_id_number(), "13912345678"
    r = factories.resident(tree.household1, name="王 芳", id_number=id_number, phone=phone,
                           gender_hint="F")
    return Person(r, "王芳", id_number, phone)


@pytest.fixture
def member(tree) -> Person:
    id_number, phone = factories.make_id_number(), "13700001111"
    r = factories.resident(tree.household2, name="李强", id_number=id_number, phone=phone)
    district = org_services.party_org_create(actor=SYSTEM, kind="district_committee",
                                             name="区委", area=tree.district)
    street = org_services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                           name="街道党工委", area=tree.street, parent=district)
    org = org_services.party_org_create(actor=SYSTEM, kind="community_committee",
                                        name="社区党委", area=tree.community, parent=street)
    registry_services.party_member_create(actor=SYSTEM, resident=r, org=org,
                                          joined_on=dt.date(2010, 7, 1))
    return Person(r, "李强", id_number, phone)


@pytest.fixture
def outside_staff(tree):
    """Community staff of another street: the tree's residents are outside their scope."""
    street = territory_services.area_create(actor=SYSTEM, kind="street", name="三里坪街道",
                                            code=f"{tree.district.code}009",
                                            parent=tree.district)
    community = territory_services.area_create(actor=SYSTEM, kind="community", name="南外社区",
                                               code=f"{tree.district.code}009001", parent=street)
    return factories.user("community_staff", community)


def code_of(message) -> str:
    return re.search(r"\d{6}", message.body).group(0)
