import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings.prod")
application = get_wsgi_application()

# Load every URLconf and view module now, in each server process as it starts, rather
# than in the first request it happens to serve (≈1 s on a busy two-core machine).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - evaluated for its side effect
