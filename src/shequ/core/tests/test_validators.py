"""GB 11643-1999 ID numbers, GB 32100-2015 credit codes, phone numbers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from shequ.core.validators import (
    id_check_char,
    mask_id_number,
    mask_phone,
    parse_credit_code,
    parse_id_number,
    parse_phone,
    uscc_check_char,
)

# Examples printed in the standards and real registered codes.
GOOD_IDS = [
    ("11010519491231002X", dt.date(1949, 12, 31), "F"),  # GB 11643-1999 appendix example
    ("440524188001010014", dt.date(1880, 1, 1), "M"),  # GB 11643-1999 appendix example
    ("51170319440904468X", dt.date(1944, 9, 4), "F"),
]
GOOD_CODES = [
    "91350100M000100Y43",  # GB 32100-2015 example
    "914403001922038216",  # a Shenzhen enterprise
    "91110000600037341L",  # a Beijing enterprise, letter check character
]


@pytest.mark.parametrize(("value", "birth", "gender"), GOOD_IDS)
def test_real_id_numbers_are_accepted_with_birth_date_and_gender(value, birth, gender):
    parsed = parse_id_number(value)
    assert (parsed.value, parsed.birth_date, parsed.gender) == (value, birth, gender)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("110105194912310021", "id_checksum"),  # last char should be X
        ("11010519491231002", "id_length"),
        ("1101051949123100211", "id_length"),
        ("A1010519491231002X", "id_format"),
        ("110105194902300021", "id_birth_date"),  # 30 February
        ("110105299901010011", "id_birth_date"),  # in the future
        ("1.10105E+17", "id_scientific"),  # destroyed by Excel
        ("", "required"),
    ],
)
def test_bad_id_numbers_are_refused_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as exc:
        parse_id_number(raw)
    assert exc.value.code == code
    assert str(exc.value.messages[0])


def test_id_number_tolerates_lowercase_x_fullwidth_digits_and_spaces():
    assert parse_id_number(" １１０１０５１９４９１２３１００２x ").value == "11010519491231002X"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)),
       st.integers(min_value=0, max_value=999))
def test_any_generated_id_round_trips_and_any_other_check_char_fails(birth, serial):
    body = f"511703{birth:%Y%m%d}{serial:03d}"
    good = body + id_check_char(body)
    assert parse_id_number(good).birth_date == birth
    for wrong in "0123456789X":
        if wrong != good[-1]:
            with pytest.raises(ValidationError):
                parse_id_number(body + wrong)


@pytest.mark.parametrize("code", GOOD_CODES)
def test_real_credit_codes_are_accepted(code):
    assert parse_credit_code(code.lower()) == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("91350100M000100Y44", "uscc_checksum"),
        ("91350100M000100Y4", "uscc_length"),
        ("91350100M00010OY43", "uscc_format"),  # letter O is not allowed
        ("9135A100M000100Y43", "uscc_format"),  # region code must be digits
    ],
)
def test_bad_credit_codes_are_refused(raw, code):
    with pytest.raises(ValidationError) as exc:
        parse_credit_code(raw)
    assert exc.value.code == code


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=10, max_size=10),
       st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_credit_code_check_character_detects_every_single_substitution(tail, region):
    body = "91" + region + tail[:9]
    code = body + uscc_check_char(body)
    assert parse_credit_code(code) == code
    for wrong in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if wrong != code[-1]:
            with pytest.raises(ValidationError):
                parse_credit_code(body + wrong)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13868106871", "13868106871"),
        ("+86 150-6562-7516", "15065627516"),
        ("150 1371 5389", "15013715389"),
        ("008613868106871", "13868106871"),
        ("0818-2345678", "08182345678"),
        ("１３８６８１０６８７１", "13868106871"),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert parse_phone(raw) == expected


@pytest.mark.parametrize("raw", ["1356002588", "12345678901", "abc", "138-6810-687a"])
def test_bad_phones_are_refused(raw):
    with pytest.raises(ValidationError):
        parse_phone(raw)


def test_masks_show_only_the_first_three_and_the_last_character():
    assert mask_id_number("51070319800101123X") == "510**************X"
    assert mask_phone("13812345678") == "138****5678"
