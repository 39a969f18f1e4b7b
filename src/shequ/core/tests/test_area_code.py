"""统计用区划代码: lengths by level, the padded 12-digit form, lying under the parent."""

import pytest
from django.core.exceptions import ValidationError

from shequ.core.validators import validate_area_code, validate_credit_code


@pytest.mark.parametrize("raw, kind, parent, expected", [
    ("511703", "district", None, "511703"),
    ("511703000000", "district", None, "511703"),
    ("５１１７０３００１", "street", "511703", "511703001"),
    ("511703001000", "street", "511703", "511703001"),
    ("511703001002", "community", "511703001", "511703001002"),
    ("511703001002003", "grid", "511703001002", "511703001002003"),
])
def test_good_codes_in_their_canonical_length(raw, kind, parent, expected):
    assert validate_area_code(raw, kind=kind, parent_code=parent) == expected


@pytest.mark.parametrize("raw, kind, parent, code", [
    ("", "street", "511703", "required"),
    ("5117O3001", "street", "511703", "area_code_format"),
    ("51170300", "street", "511703", "area_code_length"),
    ("511703001002", "street", "511703", "area_code_length"),  # padding that is not zeros
    ("511799001002", "community", "511703001", "area_code_parent"),
    ("511703000", "street", "511703", "area_code_format"),  # 000 under the district
])
def test_bad_codes_say_why(raw, kind, parent, code):
    with pytest.raises(ValidationError) as exc:
        validate_area_code(raw, kind=kind, parent_code=parent)
    assert exc.value.code == code


def test_credit_code_in_lower_case_is_stored_upper():
    assert validate_credit_code("91350100m000100y43") == "91350100M000100Y43"
    with pytest.raises(ValidationError):
        validate_credit_code("91350100M000100Y44")
