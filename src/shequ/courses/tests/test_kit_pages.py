"""The course list on the page kit: keyset pages both ways with the filters kept, the same
rows as CSV/XLSX for staff (not for residents), the empty state; a role without the
action gets the new-course form's 404."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shequ.courses import services, views
from shequ.testing import factories
from shequ.volunteers.tests.conftest import person

URL = "/courses/"


@pytest.fixture
def courses(staff, tree):
    """Five night-school courses and one party school, newest last."""
    out = [services.course_create(actor=staff, community=tree.community, title=f"夜校{i}",
                                  kind="night_school") for i in range(5)]
    out.append(services.course_create(actor=staff, community=tree.community, title="党课",
                                      kind="party_school"))
    return out


def _ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-course="(\d+)"', page)]


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'href="\?([^"]+)" rel="{rel}"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_pages_forward_and_back_keep_the_filters(staff_client, courses, monkeypatch):
    # given: two rows a page, the night school only
    monkeypatch.setattr(views.CourseList, "page_size", 2)
    night = sorted((c.pk for c in courses if c.kind == "night_school"), reverse=True)
    # when: walking forward
    first = staff_client.get(URL, {"kind": "night_school"}).content.decode()
    second = staff_client.get(f"{URL}?{_link(first, 'next')}").content.decode()
    third = staff_client.get(f"{URL}?{_link(second, 'next')}").content.decode()
    # then: every night-school course once, newest first, and no way past the end
    assert _ids(first) + _ids(second) + _ids(third) == night
    assert _link(first, "prev") is None and _link(third, "next") is None
    assert "kind=night_school" in _link(second, "next")
    # when: going back from the last page
    back = staff_client.get(f"{URL}?{_link(third, 'prev')}").content.decode()
    # then
    assert _ids(back) == _ids(second)


def test_staff_download_the_rows_the_list_shows(staff_client, courses):
    response = staff_client.get(URL, {"kind": "party_school", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:3] == ("标题", "类型", "社区")
    assert [r[0] for r in rows[1:]] == ["党课"]
    csv = staff_client.get(URL, {"format": "csv"}).content.decode("utf-8-sig")
    assert sorted(line.split(",")[0] for line in csv.splitlines()[1:]) == [
        "党课", "夜校0", "夜校1", "夜校2", "夜校3", "夜校4"]


def test_residents_see_courses_but_get_no_download(client, tree, courses):
    resident = person(tree.household1, "居民甲")
    client.force_login(resident.user)
    response = client.get(URL, {"format": "csv"})
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html") and "export-csv" not in page
    assert set(_ids(page)) == {c.pk for c in courses}


def test_an_empty_list_says_so(staff_client, courses):
    page = staff_client.get(URL, {"q": "没有这门课"}).content.decode()
    assert 'data-testid="empty"' in page and "暂无课程" in page


def test_a_grid_worker_cannot_open_the_new_course_form(client, tree):
    client.force_login(factories.user("grid_worker", tree.grid1))
    assert client.get(reverse("courses:course-new")).status_code == 404
