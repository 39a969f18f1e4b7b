"""A notice to party organisations reaches the linked accounts of their members and of
their sub-organisations' members; an organisation outside the area addressed is refused."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.members.tests.conftest import make_member
from shequ.notices import services
from shequ.notices.models import Notice, NoticeReceipt
from shequ.organizations import services as org_services
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def _org(kind, name, area, parent=None):
    return org_services.party_org_create(actor=SYSTEM, kind=kind, name=name, area=area,
                                         parent=parent)


def _committee(tree):
    """区委 → 街道党工委 → 社区党委 of ``tree``; the community committee."""
    district = _org("district_committee", "区委", tree.district)
    street = _org("street_working_committee", "街道党工委", tree.street, district)
    return _org("community_committee", "社区党委", tree.community, street)


def test_a_notice_to_an_organisation_reaches_its_members_and_its_branches(tree, staff):
    # given: a community committee with a branch, a member in each, and a grid worker
    committee = _committee(tree)
    branch = _org("branch", "第一支部", tree.community, parent=committee)
    a = make_member(tree.household1, "党员甲", committee)
    b = make_member(tree.household2, "党员乙", branch)
    factories.user("grid_worker", tree.grid1)
    # when
    notice = services.notice_create(actor=staff, area=tree.community, title="党课通知",
                                    body="周五党课。", org_ids=[committee.pk])
    # then: the two members' accounts, not the grid worker
    got = set(NoticeReceipt.objects.filter(notice=notice).values_list("user_id", flat=True))
    assert got == {a.resident.user_id, b.resident.user_id}


def test_an_organisation_outside_the_area_or_missing_is_refused(tree, staff):
    other = factories.Tree()
    far = _committee(other)
    for ids in ([far.pk], [987654]):
        with pytest.raises(DomainError) as exc:
            services.notice_create(actor=staff, area=tree.community, title="t", body="b",
                                   org_ids=ids)
        assert exc.value.code == "out_of_scope" and exc.value.field == "org_ids"
    assert not Notice.objects.exists()


def test_the_form_offers_the_organisations_and_sends_to_their_members(client, tree, staff):
    committee = _committee(tree)
    a = make_member(tree.household1, "党员甲", committee)
    client.force_login(staff)
    page = client.get("/notices/new/").content.decode()
    assert "社区党委" in page
    r = client.post("/notices/new/", {"area": tree.community.pk, "title": "支部通知",
                                      "body": "正文", "org_ids": [committee.pk]})
    assert r.status_code == 302
    notice = Notice.objects.get()
    assert list(notice.receipts.values_list("user_id", flat=True)) == [a.resident.user_id]
