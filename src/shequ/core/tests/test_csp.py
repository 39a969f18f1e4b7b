"""The Content-Security-Policy: every response carries it, and no template holds what it
refuses (inline scripts and styles, event-handler attributes, style attributes)."""

import re
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(SRC.rglob("templates/**/*.html"))
INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
     "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on…= handler"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"href\s*=\s*[\"']javascript:", re.I), "a javascript: link"),
]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_templates_hold_nothing_inline(path):
    text = path.read_text()
    found = [f"{what} at line {text[:m.start()].count(chr(10)) + 1}"
             for pattern, what in INLINE for m in pattern.finditer(text)]
    assert not found, "move it to a static file: " + ", ".join(found)


def test_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/openapi.json", "/no-such-page/"])
def test_every_response_carries_the_policy(path):
    # when
    response = Client().get(path)
    # then
    policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["img-src"] == "'self' data:"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
