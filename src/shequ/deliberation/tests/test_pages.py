"""The pages as a user meets them: lists, forms, the matter and meeting pages with their
refusals shown as messages, the printable record and the public page without login."""

import pytest
from django.urls import reverse

from shequ.deliberation import services
from shequ.deliberation.models import Matter, MatterStatus, Task, Vote
from shequ.testing import factories

from .helpers import passed


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_staff_draft_a_matter_and_propose_it(tree, staff_client):
    r = staff_client.post(reverse("deliberation:matter-new"), {
        "community": tree.community.pk, "kind": "funds", "title": "更换路灯",
        "budget": "8000", "budget_source": "街道拨款"})
    matter = Matter.objects.get(title="更换路灯")
    assert r.status_code == 302 and r.url == matter.get_absolute_url()
    r = staff_client.post(reverse("deliberation:matter-submit", args=[matter.pk]), follow=True)
    assert "Proposed" in _messages(r) or "提交" in r.content.decode() or r.status_code == 200
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.PROPOSED
    r = staff_client.get(reverse("deliberation:matter-list"))
    assert "更换路灯" in r.content.decode()


def test_returning_without_comments_is_refused_on_the_page(staff_client, tree, staff):
    matter = services.matter_create(actor=staff, community=tree.community, kind="funds",
                                    title="x", submit=True)
    r = staff_client.post(reverse("deliberation:matter-review", args=[matter.pk]),
                          {"approve": "0", "note": ""}, follow=True)
    assert Matter.objects.get(pk=matter.pk).status == MatterStatus.PROPOSED
    assert _messages(r)


def test_a_vote_without_quorum_is_refused_on_the_page(staff_client, staff, approved,
                                                      council):
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    first = council.invitees.first()
    services.attendance_set(actor=staff, meeting=council, present=[first.pk])
    r = staff_client.post(reverse("deliberation:vote", args=[council.pk, item.pk]),
                          {"invitee": first.pk, "choice": "for"}, follow=True)
    assert r.status_code == 200 and not Vote.objects.exists()
    assert "1" in _messages(r) and r.redirect_chain[-1][0] == council.get_absolute_url()


def test_the_meeting_page_records_votes_and_the_decision(staff_client, staff, approved,
                                                         council):
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    ids = list(council.invitees.values_list("pk", flat=True))
    staff_client.post(reverse("deliberation:attendance", args=[council.pk]), {"present": ids})
    for pk in ids:
        staff_client.post(reverse("deliberation:vote", args=[council.pk, item.pk]),
                          {"invitee": pk, "choice": "for"})
    r = staff_client.post(reverse("deliberation:vote", args=[council.pk, item.pk]),
                          {"invitee": ids[0], "choice": "for"}, follow=True)
    assert _messages(r)  # a second vote is refused with a message
    staff_client.post(reverse("deliberation:decide", args=[council.pk, item.pk]))
    assert Matter.objects.get(pk=approved.pk).status == MatterStatus.PASSED
    page = staff_client.get(council.get_absolute_url()).content.decode()
    assert f'data-testid="tally-{item.pk}"' in page
    sheet = staff_client.get(reverse("deliberation:meeting-print", args=[council.pk]))
    body = sheet.content.decode()
    assert "<style" not in body and " style=" not in body and "王兼职" in body


def test_progress_over_100_and_a_parent_by_hand_are_refused_on_the_page(staff_client, staff,
                                                                        approved, council):
    matter = passed(staff, approved, council)
    root = services.task_add(actor=staff, matter=matter, title="采购")
    leaf = services.task_add(actor=staff, matter=matter, title="询价", parent=root)
    r = staff_client.post(reverse("deliberation:task-progress", args=[leaf.pk]),
                          {"progress": "150"}, follow=True)
    assert "100" in _messages(r)
    r = staff_client.post(reverse("deliberation:task-progress", args=[root.pk]),
                          {"progress": "50"}, follow=True)
    assert _messages(r)
    assert Task.objects.get(pk=root.pk).progress == 0
    staff_client.post(reverse("deliberation:task-progress", args=[leaf.pk]), {"progress": "60"})
    page = staff_client.get(matter.get_absolute_url()).content.decode()
    assert "60.00 %" in page


def test_disclosing_a_private_field_is_refused_on_the_page(staff_client, staff, approved):
    services.disclosure_set(actor=staff, matter=approved, field="budget", state="private")
    r = staff_client.post(reverse("deliberation:matter-disclosure", args=[approved.pk]),
                          {"field": "budget", "state": "public"}, follow=True)
    assert _messages(r)
    assert Matter.objects.get(pk=approved.pk).disclosure["budget"] == "private"


def test_the_public_page_needs_no_login_and_shows_only_what_is_disclosed(client, tree, staff,
                                                                         approved, council):
    services.disclosure_set(actor=staff, matter=approved, field="budget_source",
                            state="private")
    passed(staff, approved, council)
    r = client.get(reverse("deliberation:public", args=[tree.community.code]))
    body = r.content.decode()
    assert r.status_code == 200
    assert "翻新小区健身广场" in body and "120000" in body
    assert "社区公益金" not in body and "器材老化" not in body


def test_the_public_page_of_an_unknown_community_is_404(client, db):
    assert client.get(reverse("deliberation:public", args=["000"])).status_code == 404


def test_the_supervisor_reads_the_matter_without_forms(client, tree, approved):
    client.force_login(factories.user("supervisor", tree.community))
    r = client.get(approved.get_absolute_url())
    assert r.status_code == 200 and 'data-testid="review"' not in r.content.decode()
    r = client.post(reverse("deliberation:matter-review", args=[approved.pk]),
                    {"approve": "1"})
    assert r.status_code in (302, 403)
    assert Matter.objects.get(pk=approved.pk).status == MatterStatus.APPROVED


def test_staff_elsewhere_get_404(client, approved):
    client.force_login(factories.user("community_staff", factories.Tree().community))
    assert client.get(approved.get_absolute_url()).status_code == 404


def test_a_resident_has_no_matter_list(client, tree, resident):
    client.force_login(factories.user("resident", tree.community))
    assert client.get(reverse("deliberation:matter-list")).status_code == 404


def test_the_printable_sheet_has_no_inline_style_or_script(staff_client, approved):
    body = staff_client.get(reverse("deliberation:matter-print", args=[approved.pk])) \
        .content.decode()
    assert "<style" not in body and " style=" not in body and "<script>" not in body
    assert "翻新小区健身广场" in body


def test_the_joint_meeting_page_and_the_overdue_resolutions(staff_client, tree, staff,
                                                            committee):
    import datetime as dt

    from django.utils import timezone

    from shequ.organizations.models import Unit
    meeting = services.meeting_create(actor=staff, community=tree.community, kind="joint",
                                      title="联席会议", starts_at=timezone.now())
    unit = Unit.objects.filter(area=tree.community).first()
    r = staff_client.post(reverse("deliberation:resolution-new", args=[meeting.pk]), {
        "text": "清理楼道杂物", "unit": unit.pk,
        "due_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat()})
    assert r.status_code == 302
    services.resolution_add(actor=staff, meeting=meeting, text="修缮路灯", unit=unit,
                            due_on=timezone.localdate() + dt.timedelta(days=5))
    page = staff_client.get(meeting.get_absolute_url()).content.decode()
    assert "清理楼道杂物" in page and "修缮路灯" in page
    overdue = staff_client.get(reverse("deliberation:resolution-list") + "?overdue=1")
    body = overdue.content.decode()
    assert "清理楼道杂物" in body and "修缮路灯" not in body
    everything = staff_client.get(reverse("deliberation:resolution-list")).content.decode()
    assert "修缮路灯" in everything


def test_the_minutes_of_a_secret_ballot_name_who_voted_but_not_how(staff_client, tree, staff,
                                                                   committee, approved):
    import datetime as dt

    from django.utils import timezone
    meeting = services.meeting_create(actor=staff, community=tree.community, kind="council",
                                      title="无记名议事会", secret_ballot=True,
                                      starts_at=timezone.now() + dt.timedelta(1))
    for m in committee:
        services.invitee_add(actor=staff, meeting=meeting, member=m)
    services.attendance_set(actor=staff, meeting=meeting,
                            present=list(meeting.invitees.values_list("pk", flat=True)))
    item = services.agenda_add(actor=staff, meeting=meeting, matter=approved)
    for invitee in meeting.invitees.all():
        services.vote_cast(actor=staff, item=item, invitee=invitee, choice="against")
    for url in (meeting.get_absolute_url(),
                reverse("deliberation:meeting-print", args=[meeting.pk])):
        body = staff_client.get(url).content.decode()
        assert "反对 2 票" in body  # the count is exact
        assert "王兼职: 反对" not in body and "<td>王兼职</td><td>反对</td>" not in body
    body = staff_client.get(reverse("deliberation:meeting-print", args=[meeting.pk])) \
        .content.decode()
    assert "王兼职" in body  # who voted is recorded
