"""The case pages as people use them: scoped lists, the phone form with duplicate
suggestions, steps from the case page, attachments, warnings and supervision pages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shequ.ledgers import alerting, services
from shequ.ledgers.models import Case, EarlyWarning

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("base_template")]
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64


def test_the_list_shows_only_cases_in_scope(login, make_case, place, staff, other_grid_worker):
    mine = make_case(staff)
    theirs = make_case(staff, building=place.building2)
    page = login(other_grid_worker).get(reverse("ledgers:case-list")).content.decode()
    assert f'data-case="{theirs.pk}"' in page and f'data-case="{mine.pk}"' not in page


def test_list_filters(login, make_case, place, staff):
    a = make_case(staff)
    b = make_case(staff, building=place.building2)
    services.case_reject(actor=staff, case=b, reason="x")
    c = login(staff)
    page = c.get(reverse("ledgers:case-list"), {"state": "open"}).content.decode()
    assert f'data-case="{a.pk}"' in page and f'data-case="{b.pk}"' not in page
    page = c.get(reverse("ledgers:case-list"), {"area": place.grid2.pk}).content.decode()
    assert f'data-case="{b.pk}"' in page and f'data-case="{a.pk}"' not in page
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    page = c.get(reverse("ledgers:case-list"), {"date_from": tomorrow}).content.decode()
    assert "data-case=" not in page


def test_the_list_pages_by_cursor(login, make_case, staff):
    for _ in range(33):
        make_case(staff, evaluate_warnings=False)
    c = login(staff)
    first = c.get(reverse("ledgers:case-list")).context
    assert len(first["cases"]) == 30
    count = c.get(reverse("ledgers:case-count")).content.decode()
    assert "33" in count
    second = c.get(reverse("ledgers:case-list") + "?" + first["next_query"],
                   HTTP_HX_REQUEST="true")
    assert len(second.context["cases"]) == 3
    assert {x.pk for x in first["cases"]}.isdisjoint({x.pk for x in second.context["cases"]})


def test_grid_worker_phone_form_suggests_a_duplicate_then_files(login, make_case, place,
                                                                 grid_worker, sanitation):
    # given an open sanitation case at building 1
    original = make_case(grid_worker)
    c = login(grid_worker)
    form = {"category": sanitation.pk, "building": place.building1.pk,
            "description": "楼下垃圾没清运", "reporter_name": "", "reporter_phone": ""}
    # when the grid worker submits a similar case
    r = c.post(reverse("ledgers:case-new"), form)
    # then the open case is suggested and nothing is filed yet
    assert r.status_code == 200 and f"#{original.pk}" in r.content.decode()
    assert Case.objects.count() == 1
    # when they confirm it is the same matter
    r = c.post(reverse("ledgers:case-new"), {**form, "confirmed": "1",
                                            "duplicate_of": original.pk})
    # then a duplicate is filed, following the original
    dup = Case.objects.exclude(pk=original.pk).get()
    assert r.status_code == 302 and dup.duplicate_of == original


def test_grid_worker_records_a_visit_with_a_photo(login, place, grid_worker, sanitation):
    c = login(grid_worker)
    r = c.post(reverse("ledgers:case-new"), {
        "category": sanitation.pk, "building": place.building1.pk, "description": "井盖松动",
        "photos": [SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")]})
    case = Case.objects.get()
    assert r.status_code == 302 and (case.source, case.assigned_to) == ("visit", grid_worker)
    att = case.attachments.get()
    # the photo is served to people in scope only
    assert c.get(reverse("ledgers:attachment", args=[att.token])).status_code == 200


def test_attachments_are_not_served_out_of_scope(login, make_case, staff, other_grid_worker):
    case = make_case(staff, attachments=[SimpleUploadedFile("p.jpg", JPEG, "image/jpeg")])
    token = case.attachments.get().token
    r = login(other_grid_worker).get(reverse("ledgers:attachment", args=[token]))
    assert r.status_code == 404


def test_a_case_moves_through_its_page(login, make_case, staff, grid_worker):
    case = make_case(staff)
    c = login(staff)
    page = c.get(reverse("ledgers:case-detail", args=[case.pk])).content.decode()
    assert "data-testid=\"timeline\"" in page
    r = c.post(reverse("ledgers:case-act", args=[case.pk, "assign"]),
               {"assignee": grid_worker.pk, "version": 1})
    assert r.status_code == 302 and Case.objects.get(pk=case.pk).state == "assigned"
    # a form from an older view of the page is refused
    c.post(reverse("ledgers:case-act", args=[case.pk, "reject"]), {"note": "x", "version": 1})
    assert Case.objects.get(pk=case.pk).state == "assigned"


def test_case_page_out_of_scope_is_404(login, make_case, staff, other_grid_worker):
    case = make_case(staff)
    c = login(other_grid_worker)
    assert c.get(reverse("ledgers:case-detail", args=[case.pk])).status_code == 404
    r = c.post(reverse("ledgers:case-act", args=[case.pk, "start"]), {"version": 1})
    assert r.status_code == 404


def test_my_cases(login, make_case, staff, grid_worker):
    case = make_case(staff)
    services.case_assign(actor=staff, case=case, assignee=grid_worker)
    page = login(grid_worker).get(reverse("ledgers:my-cases")).content.decode()
    assert f'data-case="{case.pk}"' in page


def test_warning_pages(login, make_case, staff):
    make_case(staff, received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=30))
    alerting.run_all(kinds=["deadline"])
    w = EarlyWarning.objects.get()
    c = login(staff)
    assert f'data-warning="{w.pk}"' in c.get(reverse("ledgers:warning-list")).content.decode()
    c.post(reverse("ledgers:warning-act", args=[w.pk, "close"]), {"note": "已处理"})
    assert EarlyWarning.objects.get().state == "closed"


def test_weekly_page_and_excel(login, make_case, place, supervisor):
    make_case()
    c = login(supervisor)
    r = c.get(reverse("supervision:weekly"), {"community": place.community.pk})
    assert r.status_code == 200 and r.context["w"].sections[0].context["s"].received == 1
    x = c.get(reverse("supervision:weekly-xlsx"), {"community": place.community.pk})
    assert x.status_code == 200 and x["Content-Disposition"].startswith("attachment")
    c.post(reverse("supervision:comment-new"),
           {"community": place.community.pk, "text": "本周工作扎实", "flag": "1"})
    r = c.get(reverse("supervision:weekly"), {"community": place.community.pk})
    assert [cm.text for cm in r.context["w"].comments] == ["本周工作扎实"]
    assert [cm.text for cm in r.context["w"].open_flags] == ["本周工作扎实"]
    # The old address still arrives.
    old = c.get("/cases/weekly/", {"community": place.community.pk})
    assert old.status_code == 302 and old["Location"].startswith("/supervision/weekly/")


def test_a_case_comment_and_the_answer_to_its_flag(login, make_case, supervisor, staff):
    case = make_case()
    c = login(supervisor)
    r = c.post(reverse("supervision:subject-comment-new", args=["case", case.pk]),
               {"text": "请补充回访记录", "flag": "1", "step": "resolve"})
    assert r["Location"] == reverse("ledgers:case-detail", args=[case.pk])
    s = login(staff)
    page = s.get(reverse("ledgers:case-detail", args=[case.pk])).content.decode()
    assert "请补充回访记录" in page and 'name="answer"' in page
    detail = s.get(reverse("ledgers:case-detail", args=[case.pk]))
    (flag,) = detail.context["supervision"]["comments"]
    s.post(reverse("supervision:flag-answer", args=[flag.pk]),
           {"answer": "已补充", "next": reverse("ledgers:case-detail", args=[case.pk])})
    flag.refresh_from_db()
    assert flag.answer == "已补充" and flag.answered_by == staff


def test_evaluation_page(login, place, supervisor, grid_worker):
    c = login(supervisor)
    url = (reverse("supervision:scores")
           + f"?kind=case&community={place.community.pk}&month=2026-10")
    c.post(url, {"month": "2026-10-01"})
    r = c.get(url)
    assert [s.person for s in r.context["scores"]] == [grid_worker]
    assert "网格员" in r.content.decode()


def test_menu_entries_follow_the_role(login, staff, supervisor):
    from shequ.core import menus

    assert "cases" in {i["key"] for i in menus.items_for(staff)}
    assert "my-cases" not in {i["key"] for i in menus.items_for(supervisor)}


def test_pages_are_in_chinese_by_default(login, make_case, staff):
    case = make_case(staff)
    c = login(staff)
    assert "登记案件" in c.get(reverse("ledgers:case-list")).content.decode()
    page = c.get(reverse("ledgers:case-detail", args=[case.pk])).content.decode()
    assert "办理过程" in page and "已受理" in page
