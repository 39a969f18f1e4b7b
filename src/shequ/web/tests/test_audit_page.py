"""The audit log as an auditor reads it (issue 8): actions, record types and fields in
Chinese, values written for people, searched by label or code, the IP address in full."""

import re

import pytest

from shequ.core import audit
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def body(response) -> str:
    """The table part of the page (not the filter form and its suggestions)."""
    html = response.content.decode()
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""


@pytest.fixture
def auditor(client, tree):
    user = factories.user("auditor", tree.district)
    client.force_login(user)
    return user


def test_actions_of_every_app_are_named_in_chinese(client, tree, auditor):
    """A monthly evaluation and a reveal show their Chinese names, not their codes."""
    # given
    audit.record(actor=None, action="evaluation_compute", entity="evaluation", entity_id=3,
                 summary="2026-11")
    audit.record(actor=None, action="reveal", entity="resident", entity_id=5,
                 summary="张三 phone", reason="家访")
    # when
    rows = body(client.get("/audit/"))
    # then
    assert "计算月度考评" in rows and "查看个人信息" in rows
    assert "居民" in rows
    visible = re.sub(r"<[^>]+>", " ", rows)
    assert "evaluation_compute" not in visible and "reveal" not in visible


def test_the_log_is_searched_by_chinese_label_or_by_code(client, tree, auditor):
    """Typing 查看个人信息, a word of it, or the code ``reveal`` finds the reveals only."""
    # given
    audit.record(actor=None, action="reveal", entity="resident", entity_id=5, reason="家访")
    audit.record(actor=None, action="case_assign", entity="case", entity_id=9, reason="派单")
    # when
    by_label = body(client.get("/audit/", {"action": "查看个人信息"}))
    by_word = body(client.get("/audit/", {"action": "个人信息"}))
    by_code = body(client.get("/audit/", {"action": "reveal"}))
    by_entity = body(client.get("/audit/", {"entity": "案件"}))
    # then
    for rows in (by_label, by_word, by_code):
        assert "家访" in rows and "派单" not in rows
    assert "派单" in by_entity and "家访" not in by_entity


def test_changes_are_shown_field_by_field_and_readably(client, tree, auditor):
    """Before → after per field, with the field's Chinese name, 是/否, dates and lists,
    never Python's True, None or brackets."""
    # given
    audit.record(actor=None, action="update", entity="resident", entity_id=5,
                 before={"is_active": True, "birth_date": "1980-05-17", "tags": ["低保"],
                         "gender": "M", "note": None},
                 after={"is_active": False, "birth_date": "1981-06-01",
                        "tags": ["低保", "独居老人"], "gender": "F", "note": "已搬走"})
    # when
    rows = body(client.get("/audit/"))
    # then
    visible = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows))
    assert "是 → 否" in visible
    assert "出生日期 1980-05-17 → 1981-06-01" in visible
    assert "低保 → 低保、独居老人" in visible
    assert "男 → 女" in visible
    for python in ("True", "False", "None", "[", "{", "'"):
        assert python not in visible


def test_the_ip_address_is_shown_in_full(client, tree, auditor):
    """An IPv6 address is printed whole, in a cell that does not cut it."""
    # given
    audit.set_request_ip("2408:8456:3c10:9a2e:1d4f:77ab:e0c3:5b91")
    try:
        audit.record(actor=None, action="reveal", entity="resident", entity_id=6)
    finally:
        audit.set_request_ip(None)
    # when
    rows = body(client.get("/audit/"))
    # then
    assert re.search(r'<td class="ip"[^>]*>2408:8456:3c10:9a2e:1d4f:77ab:e0c3:5b91</td>', rows)
