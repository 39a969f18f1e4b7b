import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings.prod")

# The app's token requests to /api/ skip the session-only middleware (core/tokenwsgi.py).
from shequ.core.tokenwsgi import Application  # noqa: E402 - after the settings module is named

application = Application()

# Load every URLconf and view module now, in each server process as it starts, rather
# than in the first request it happens to serve (≈1 s on a busy two-core machine).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - evaluated for its side effect
