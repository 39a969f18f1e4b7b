"""五个基本 computed from the records, and the responsibility chain with its breaks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shequ.branches import selectors, services
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound


def pdf(name="制度.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 x", content_type="application/pdf")


@pytest.mark.django_db
def test_the_score_follows_the_records(party, staff):
    # given a branch with three full members and nothing else
    before = {b.branch.pk: b for b in selectors.basics_list(actor=staff)}[party.branch.pk]
    assert before.members == 3 and before.points["team"] == 20
    assert before.score == 20 and before.below_standard
    # when its rules, committee and funds are recorded
    services.document_add(actor=staff, branch=party.branch, kind="rules", file=pdf())
    services.document_add(actor=staff, branch=party.branch, kind="committee", file=pdf("选举.pdf"))
    services.profile_update(actor=staff, branch=party.branch, committee_complete=True,
                            funds_amount="1200")
    after = {b.branch.pk: b for b in selectors.basics_list(actor=staff)}[party.branch.pk]
    # then organisation, rules and half the support count (no venue in the community)
    assert after.points == {"organisation": 20, "team": 20, "activities": 0, "rules": 20,
                            "support": 10}
    assert after.score == 70 and after.below_standard
    below = selectors.basics_list(actor=staff, below_only=True)
    assert party.branch.pk in {b.branch.pk for b in below}


@pytest.mark.django_db
def test_a_document_of_another_type_is_refused(party, staff):
    with pytest.raises(DomainError) as e:
        services.document_add(actor=staff, branch=party.branch, kind="rules",
                              file=SimpleUploadedFile("x.exe", b"MZ", content_type="application/pdf"))
    assert e.value.code == "file_type"
    with pytest.raises(DomainError):
        services.profile_update(actor=staff, branch=party.branch, committee_complete=True,
                                funds_amount="-5")


@pytest.mark.django_db
def test_scores_take_a_fixed_number_of_queries(party, staff, tree):
    from shequ.branches.tests.conftest import _member
    selectors.basics_list(actor=staff)
    with CaptureQueriesContext(connection) as few:
        selectors.basics_list(actor=staff)
    for i in range(3):
        _member(tree.household2, party.other, f"新党员{i}")
    services.profile_update(actor=staff, branch=party.other, committee_complete=True,
                            funds_amount=10)
    with CaptureQueriesContext(connection) as more:
        selectors.basics_list(actor=staff)
    assert len(more) == len(few) <= 10


def _chain(district_admin, street_admin, staff, tree, party):
    due = timezone.localdate() + dt.timedelta(days=30)
    head = services.responsibility_create(actor=district_admin, area=tree.district,
                                          title="落实三会一课", owner="区委组织部", due_on=due)
    street = services.responsibility_derive(actor=street_admin, parent=head,
                                            area=tree.street, owner="街道党工委", due_on=due)
    community = services.responsibility_derive(actor=staff, parent=street,
                                               area=tree.community, owner="社区党委",
                                               due_on=due)
    return head, street, community


@pytest.mark.django_db
def test_a_child_derives_from_its_parent_one_level_down(party, district_admin, street_admin,
                                                        staff, tree):
    head, street, community = _chain(district_admin, street_admin, staff, tree, party)
    assert street.title == head.title and community.level == "community"
    with pytest.raises(DomainError) as e:   # a community straight under the district
        services.responsibility_derive(actor=district_admin, parent=head, area=tree.community,
                                       owner="x", due_on=head.due_on)
    assert e.value.code == "wrong_level"
    with pytest.raises(DomainError) as e:   # due after the parent
        services.responsibility_derive(actor=staff, parent=community, branch=party.branch,
                                       owner="支部书记", due_on=head.due_on + dt.timedelta(1))
    assert e.value.code == "due_after_parent"
    with pytest.raises(Conflict):           # twice to one place
        services.responsibility_derive(actor=street_admin, parent=head, area=tree.street,
                                       owner="x", due_on=head.due_on)


@pytest.mark.django_db
def test_evidence_on_another_scope_is_refused(party, district_admin, street_admin, staff, tree):
    head, street, community = _chain(district_admin, street_admin, staff, tree, party)
    # the community sees the street's item but may not prove it
    assert selectors.responsibility_get_for_actor(staff, street.pk) == street
    with pytest.raises(Forbidden):
        services.evidence_add(actor=staff, item=street, note="已完成")
    from shequ.testing import factories
    outsider = factories.user("community_staff", factories.Tree("7").community)
    with pytest.raises(NotFound):
        services.evidence_add(actor=outsider, item=community, note="已完成")
    with pytest.raises(NotFound):
        selectors.responsibility_get_for_actor(outsider, community.pk)


@pytest.mark.django_db
def test_closing_needs_evidence(party, district_admin, street_admin, staff, tree):
    _head, _street, community = _chain(district_admin, street_admin, staff, tree, party)
    with pytest.raises(Conflict) as e:
        services.responsibility_close(actor=staff, item=community)
    assert e.value.code == "no_evidence"
    services.evidence_add(actor=staff, item=community, note="会议记录", file=pdf())
    assert services.responsibility_close(actor=staff, item=community).done_on


@pytest.mark.django_db
def test_the_loop_view_shows_where_the_chain_breaks(party, district_admin, street_admin,
                                                    staff, tree):
    head, street, community = _chain(district_admin, street_admin, staff, tree, party)
    services.responsibility_derive(actor=staff, parent=community, branch=party.branch,
                                   owner="支部书记", due_on=community.due_on)
    services.evidence_add(actor=staff, item=community, note="部署会")
    links = {lk.item.pk: lk for lk in selectors.chain_view(actor=staff)}
    # the community item reached one branch of two: the other is missing
    assert links[community.pk].missing == [party.other.name]
    assert not links[community.pk].no_evidence and not links[community.pk].overdue
    # the street item, seen from the community, misses nothing the community can see
    assert links[street.pk].missing == [] and links[street.pk].no_evidence
    # an overdue item shows as such
    from shequ.branches.models import Responsibility
    Responsibility.objects.filter(pk=community.pk).update(due_on=dt.date(2020, 1, 1))
    links = {lk.item.pk: lk for lk in selectors.chain_view(actor=staff, broken_only=True)}
    assert links[community.pk].overdue
