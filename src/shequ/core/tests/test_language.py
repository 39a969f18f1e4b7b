"""Pages are Chinese unless the user chose otherwise."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import translation

from shequ.core.middleware import LanguageMiddleware


def _language_for(path, **headers):
    seen = {}

    def view(request):
        seen["lang"] = translation.get_language()
        return HttpResponse()

    LanguageMiddleware(view)(RequestFactory().get(path, **headers))
    return seen["lang"]


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "zh-TW", ""])
def test_pages_ignore_the_browser_language(accept):
    assert _language_for("/residents/", HTTP_ACCEPT_LANGUAGE=accept) == "zh-hans"


@override_settings(LANGUAGE_COOKIE_NAME="django_language")
def test_the_chosen_language_wins():
    assert _language_for("/", HTTP_COOKIE="django_language=en") == "en"
    assert _language_for("/", HTTP_COOKIE="django_language=zh-hant") == "zh-hant"
    assert _language_for("/", HTTP_COOKIE="django_language=xx") == "zh-hans"


def test_api_clients_may_ask_with_accept_language():
    assert _language_for("/api/v1/residents", HTTP_ACCEPT_LANGUAGE="en") == "en"
    assert _language_for("/api/v1/residents") == "zh-hans"
