"""Every error code the product returns is a member of an enum the API schema documents:
the shared ``core.errors.ErrorCode``, the API layer's ``ApiErrorCode`` or an app's
``AppErrorCode`` registered in its manifest. A code typed as a string where a refusal is
raised would reach API clients undocumented, so the source is scanned for them."""

import ast
from pathlib import Path

import pytest

from shequ.api.errors import ApiErrorCode
from shequ.core import manifest
from shequ.core.errors import AppErrorCode, DomainError, ErrorCode

SRC = Path(__file__).resolve().parents[2]
MODULES = sorted(p for p in SRC.rglob("*.py")
                 if "tests" not in p.parts and "migrations" not in p.parts)


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def _registered_enums() -> set[type]:
    return {ErrorCode, ApiErrorCode} | {e for m in manifest.manifests() for e in m.error_codes}


# What raises a refusal: every DomainError subclass (by name), and Django's
# ValidationError, whose code becomes the DomainError's (core.errors.from_validation_error).
REFUSALS = {c.__name__ for c in _subclasses(DomainError)} | {"DomainError", "ValidationError"}


def _callee(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _codes(tree: ast.AST):
    """(line, code expression) of every ``code=`` given to a refusal and every class-level
    ``default_code`` of one."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node) in REFUSALS:
            yield from ((node.lineno, k.value) for k in node.keywords if k.arg == "code")
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "default_code" for t in node.targets):
            yield node.lineno, node.value


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_refusals_take_their_code_from_a_registered_enum(path):
    enums = {e.__name__ for e in _registered_enums()}
    offenders = []
    for line, value in _codes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            offenders.append(f"{line}: the string {value.value!r}")
        elif (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
              and value.value.id[:1].isupper() and value.value.id not in enums):
            offenders.append(f"{line}: {value.value.id}.{value.attr} (not a registered enum)")
    assert not offenders, (
        "use a member of ErrorCode or of the app's AppErrorCode enum (listed in its manifest's "
        "error_codes):\n" + "\n".join(offenders))


def test_every_app_error_enum_is_registered_and_in_the_schema(client):
    # given every AppErrorCode enum the apps define
    defined = _subclasses(AppErrorCode)
    # then each one is in some manifest, and each of its codes in the OpenAPI ErrorCode
    assert defined and defined <= _registered_enums(), defined - _registered_enums()
    schema = client.get("/api/v1/openapi.json").json()
    documented = set(schema["components"]["schemas"]["ErrorCode"]["enum"])
    assert {str(code) for enum in defined for code in enum} <= documented


def test_the_scan_finds_a_string_code():
    """The rule can fail: a string code and an unregistered enum are both found."""
    tree = ast.parse('raise Conflict(_("x"), code="busy")\n'
                     'raise NotFound(code=Made.UP)\n'
                     'class Gone(DomainError):\n    default_code = "gone"\n')
    values = [v for _line, v in _codes(tree)]
    assert len(values) == 3 and values[0].value == "busy" and values[1].attr == "UP"
