"""Log lines never carry an ID number or a phone in clear, whatever put it there."""

import logging
import sys

import pytest

from shequ.core.logfilters import RedactPersonalData, redact
from shequ.testing import factories

ID = factories.make_id_number()


@pytest.mark.parametrize(("raw", "shown"), [
    (f"bad row {ID} in file", f"bad row {ID[:3]}{'*' * 14}{ID[-1:]} in file"),
    (f"id={ID[:-1]}x;", f"id={ID[:3]}{'*' * 14}x;"),
    ("sms to 8613800138000", "sms to 86138****8000"),
    ("GET /residents/?q=13800138000 200", "GET /residents/?q=138****8000 200"),
    ("tel +86 13912345678.", "tel +86 139****5678."),
])
def test_ids_and_phones_are_masked(raw, shown):
    assert redact(raw) == shown


@pytest.mark.parametrize("harmless", [
    "case 123456 took 13.5 ms", "order 1380013800012345678901", "2026-11-28 12:00:00",
    "credit code 91510703MA6XXXXXXX",
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
