"""The cache every web process shares (rate limits) is in the database, created by migrate."""

import pytest
from django.core.cache import cache
from django.db import connection


@pytest.mark.django_db
def test_migrate_creates_the_shared_cache_table_and_it_works():
    assert "shequ_cache" in connection.introspection.table_names()
    cache.set("probe", 41, timeout=60)
    assert cache.incr("probe") == 42
