"""``shequ serve`` logs one line per request — what an IT person needs to find the slow
request — and never a personal datum in it."""

import io
import logging
import re

import pytest

from shequ.core.logfilters import RedactPersonalData
from shequ.core.validators import mask_id_number

LINE = re.compile(r"(?P<method>[A-Z]+) (?P<path>\S+) (?P<status>\d{3}) (?P<ms>[\d.]+) ms "
                  r"id=(?P<id>\S+)$")


@pytest.fixture
def access_lines():
    """What the configured console handler (with its personal-data filter) writes for
    ``shequ.access``."""
    handler = next(h for h in logging.getLogger().handlers
                   if any(isinstance(f, RedactPersonalData) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield lambda: [line.split(" shequ.access ", 1)[1]
                       for line in stream.getvalue().splitlines() if " shequ.access " in line]
    finally:
        handler.setStream(previous)


def test_one_line_per_request_with_its_id_also_in_the_response(client, access_lines):
    # when
    response = client.get("/login/")
    # then one line: method, path, status, duration and the id the response carries
    (line,) = access_lines()
    m = LINE.match(line)
    assert m, line
    assert (m["method"], m["path"], m["status"]) == ("GET", "/login/", "200")
    assert response["X-Request-ID"] == m["id"] and len(m["id"]) >= 16


def test_query_values_are_left_out_and_id_numbers_in_a_path_masked(client, access_lines):
    # given a search by name and phone, and a path holding an ID number
    client.get("/residents/", {"q": "张三", "phone": "13912345678", "page": "2"})
    client.get("/residents/51170319800101123X/")
    # then the lines hold the parameter names only, and the ID number masked
    first, second = access_lines()
    assert LINE.match(first)["path"] == "/residents/?q&phone&page"
    assert "张三" not in first and "13912345678" not in first
    assert "51170319800101123X" not in second and mask_id_number("51170319800101123X") in second


def test_a_proxy_request_id_is_kept_when_plain_and_replaced_otherwise(client, access_lines):
    # when a proxy sends its id, and a client sends something that could forge a log line
    kept = client.get("/login/", HTTP_X_REQUEST_ID="nginx-4f2a9c1e77")
    forged = client.get("/login/", HTTP_X_REQUEST_ID="x\nGET /admin 200 1 ms id=x")
    # then the plain one is used, the other replaced
    assert kept["X-Request-ID"] == "nginx-4f2a9c1e77"
    assert "\n" not in forged["X-Request-ID"] and forged["X-Request-ID"] != "x"
    assert len(access_lines()) == 2
