"""Log lines never carry an ID number or a phone in clear, whatever put it there."""

import datetime as dt
import logging
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shequ.core.logfilters import RedactPersonalData, redact, redact_text
from shequ.core.validators import id_check_char, mask_id_number
from shequ.testing import factories

ID = factories.make_id_number()


@pytest.mark.parametrize(("raw", "shown"), [
    (f"bad row {ID} in file", f"bad row {ID[:3]}{'*' * 14}{ID[-1:]} in file"),
    (f"id={ID[:-1]}x;", f"id={ID[:3]}{'*' * 14}x;"),
    ("sms to 8613800138000", "sms to 86138****8000"),
    ("GET /residents/?q=13800138000 200", "GET /residents/?q=138****8000 200"),
    ("tel +86 13912345678.", "tel +86 139****5678."),
    ("ValueError: 51170319830808551Xa", "ValueError: 511**************Xa"),
    (f"key=ID{ID}abc", f"key=ID{ID[:3]}{'*' * 14}{ID[-1:]}abc"),
    ("id 511703-19830808-551X.", "id 511***-********-***X."),
    ("id 511703 19830808 551X.", "id 511*** ******** ***X."),
    (f"ref 99{ID}12 x", f"ref 99{ID[:3]}{'*' * 14}{ID[-1:]}12 x"),
    ("call 138-1234-5678", "call 138-****-5678"),
    ("call +86 138 1234 5678", "call +86 138 **** 5678"),
    ("call 138 1234 5678 now", "call 138 **** 5678 now"),
    ("tel:13812345678abc", "tel:138****5678abc"),
])
def test_ids_and_phones_are_masked(raw, shown):
    assert redact(raw) == shown


@pytest.mark.parametrize("harmless", [
    "case 123456 took 13.5 ms", "order 1380013800012345678901", "2026-11-28 12:00:00",
    "credit code 91510703MA6XXXXXXX",
    "scores 1 2 3 4 5 6 7 8 9 1 2 3 4 5 6 7 8 9", "rows 10-20-30-40-50-60-70-80-90",
])
def test_other_numbers_are_left_alone(harmless):
    assert redact(harmless) == harmless


def test_the_filter_masks_arguments_and_tracebacks():
    # given a record whose argument and exception carry personal data
    try:
        raise ValueError(f"not a valid ID: {ID}")
    except ValueError:
        record = logging.LogRecord("shequ", logging.ERROR, __file__, 1, "phone %s failed",
                                   ("13800138000",), exc_info=sys.exc_info())
    # when
    RedactPersonalData().filter(record)
    # then
    assert record.getMessage() == "phone 138****8000 failed"
    assert ID not in record.exc_text and ID[:3] + "*" * 14 in record.exc_text


def test_every_configured_handler_redacts():
    from django.conf import settings

    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact" in handler.get("filters", []), name


# -- properties -----------------------------------------------------------------------------
_SEPARATORS = st.sampled_from(["", "-", " "])
_AROUND = st.text(alphabet=st.sampled_from("abcXYZ 社区=:;,.()[]'\"/_\n"), max_size=12)


@st.composite
def id_numbers(draw):
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    region = draw(st.integers(100000, 999999))
    body = f"{region}{birth:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    check = id_check_char(body)
    if check == "X" and draw(st.booleans()):
        check = "x"
    return body + check


def _digits(text: str) -> str:
    return re.sub(r"[- ]", "", text)


@settings(max_examples=300, deadline=None)
@given(id_numbers(), _SEPARATORS, _SEPARATORS, _AROUND, _AROUND)
def test_an_id_number_never_survives_whatever_surrounds_it(id_number, sep1, sep2,
                                                           before, after):
    """However an ID number is written (plain, in 6-8-4 groups with hyphens or spaces) and
    whatever non-digit text surrounds it, its birth date and serial do not reach the log."""
    # given
    written = id_number[:6] + sep1 + id_number[6:14] + sep2 + id_number[14:]
    # when
    shown = redact_text(before + written + after)
    # then
    at = len(_digits(before))
    assert _digits(shown)[at:at + 18] == mask_id_number(id_number)


@settings(max_examples=200, deadline=None)
@given(id_numbers(), st.text(alphabet="0123456789", min_size=1, max_size=8),
       st.text(alphabet="0123456789", max_size=8))
def test_an_id_number_inside_a_longer_run_of_digits_is_masked(id_number, before, after):
    """A complete ID number glued to other digits (a reference, a concatenated key) is
    still found by its birth date and check character."""
    # when
    shown = redact_text(f"ref={before}{id_number}{after};")
    # then
    at = len("ref=") + len(before)
    # (another ID-shaped window overlapping it may hide more, never less)
    masked = mask_id_number(id_number)
    assert all(shown[at + i] == "*" for i, c in enumerate(masked) if c == "*")


@settings(max_examples=300, deadline=None)
@given(st.integers(3, 9), st.integers(0, 99_999_999), st.sampled_from(["", "86", "+86",
       "+86 ", "86-"]), _SEPARATORS, _AROUND, _AROUND)
def test_a_mobile_number_never_survives_whatever_surrounds_it(second, rest, prefix, sep,
                                                             before, after):
    """A mobile number, with or without +86 and in 3-4-4 groups, shows only its first
    three and last four digits."""
    # given
    phone = f"1{second}{rest:09d}"
    written = prefix + phone[:3] + sep + phone[3:7] + sep + phone[7:]
    # when
    shown = redact_text(before + written + after)
    # then
    at = len(_digits(before + prefix))
    assert _digits(shown)[at:at + 11] == phone[:3] + "****" + phone[-4:]
