"""Helpers for the tests of the home panels: read a figure off the page, count the queries
a user's panels cost."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def figure(page: str, label: str) -> int | None:
    """The number the home page shows for the panel figure called ``label``."""
    found = re.search(r'data-figure="' + re.escape(label) + r'">\s*<span class="count-n">(\d+)',
                      page)
    return int(found.group(1)) if found else None


def panel_queries(user, key: str) -> int:
    """Queries spent building ``user``'s panels, as a request would (nothing cached), which
    must include the panel ``key``."""
    from shequ.accounts.models import User
    from shequ.core import home

    fresh = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        panels = home.panels_for(fresh)
    assert key in {p["key"] for p in panels}
    return len(ctx.captured_queries)
