"""Web tests read the pages in Chinese, so the catalogs must be compiled (``make test``
does it too; this keeps a bare ``pytest`` run honest)."""

import pytest
from asgiref.local import Local
from django.core.management import call_command
from django.utils.translation import trans_real


def compile_catalogs() -> None:
    call_command("compilemessages", verbosity=0)
    # Forget catalogs loaded before compiling (same reset as Django's setting_changed hook).
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs():
    compile_catalogs()
