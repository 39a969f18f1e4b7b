"""Run in a fresh process by test_ratelimit: sets Django up against the database at a URL
and counts hits of one key. Imports nothing from Django at module level, so a spawned
process can unpickle the function before Django is set up."""

import os


def count_hits(url: str, hits: int, create: bool = False) -> list[int]:
    os.environ["SHEQU_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "shequ.settings.test"
    import django

    django.setup()
    from django.db import connection

    from shequ.core import ratelimit

    if create:
        with connection.schema_editor() as editor:
            editor.create_model(ratelimit.RateCounter)
        return []
    return [ratelimit.hit("shared", seconds=3600) for _ in range(hits)]
