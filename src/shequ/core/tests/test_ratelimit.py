"""Rate limits: fixed windows of their full length (an hour is an hour, not the cache's
five minutes), counted atomically across processes."""

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from shequ.core import ratelimit
from shequ.ledgers import ratelimit as portal_limits

from .ratelimit_worker import count_hits

START = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """Every reader of timezone.now() (this module and Django's cache alike) sees ``at``."""

    class Clock:
        at = START

        def advance(self, **kw):
            self.at += dt.timedelta(**kw)

    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.at)
    return c


@pytest.mark.django_db
class TestWindows:
    def test_an_hourly_limit_still_holds_after_five_minutes(self, clock, settings):
        """Two tries an hour from one address: after both, the address stays refused for
        the rest of the hour, and is let in again once the hour is over."""
        # given
        settings.LEDGERS_PORTAL_LIMITS = {"ip": (2, 3600)}
        portal_limits.hit("ip", "10.0.0.1")
        portal_limits.hit("ip", "10.0.0.1")
        # when / then
        clock.advance(minutes=10)
        assert portal_limits.exhausted("ip", "10.0.0.1")
        clock.advance(minutes=49, seconds=59)
        assert portal_limits.exhausted("ip", "10.0.0.1")
        clock.advance(seconds=2)
        assert not portal_limits.exhausted("ip", "10.0.0.1")
        assert portal_limits.hit("ip", "10.0.0.1") == 1

    def test_a_daily_limit_keeps_its_expiry_however_often_it_is_hit(self, clock):
        """Hits during a window do not extend it: a day after the first hit the count
        starts again, even though the last hit was a minute ago."""
        # given
        for _ in range(5):
            portal_limits.hit("phone", "hash-of-a-phone")
            clock.advance(hours=4, minutes=47)
        assert portal_limits.used("phone", "hash-of-a-phone") == 5  # 23 h 55 min later
        # when
        clock.advance(minutes=6)
        # then
        assert portal_limits.used("phone", "hash-of-a-phone") == 0
        assert portal_limits.hit("phone", "hash-of-a-phone") == 1

    def test_subjects_and_limits_count_apart_and_keys_hold_no_clear_text(self):
        # when
        portal_limits.hit("ip", "10.0.0.1")
        portal_limits.hit("ip", "10.0.0.1")
        portal_limits.hit("ip", "10.0.0.2")
        portal_limits.hit("status_ip", "10.0.0.1")
        # then
        assert portal_limits.used("ip", "10.0.0.1") == 2
        assert portal_limits.used("ip", "10.0.0.2") == 1
        assert portal_limits.used("status_ip", "10.0.0.1") == 1
        keys = list(ratelimit.RateCounter.objects.values_list("key", flat=True))
        assert len(keys) == 3 and not any("10.0.0" in k for k in keys)

    def test_no_subject_counts_nothing(self):
        assert portal_limits.hit("ip", None) == 0 and not portal_limits.exhausted("ip", "")
        assert not ratelimit.RateCounter.objects.exists()

    def test_expired_windows_are_deleted_in_passing(self, clock, monkeypatch):
        # given an expired window of another subject
        monkeypatch.setattr(ratelimit, "PURGE_EVERY", 2)
        monkeypatch.setattr(ratelimit, "_hits_since_purge", 0)
        ratelimit.hit("a", seconds=60)
        clock.advance(minutes=2)
        # when
        ratelimit.hit("b", seconds=60)
        # then
        assert list(ratelimit.RateCounter.objects.values_list("key", flat=True)) == ["b"]


# -- two processes --------------------------------------------------------------------------
HITS = 150


def _run(url: str, workers: int, create: bool = False) -> list[int]:
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as ex:
        runs = [ex.submit(count_hits, url, HITS, create) for _ in range(workers)]
        return sorted(n for run in runs for n in run.result(timeout=120))


def test_two_processes_on_one_sqlite_file_never_lose_a_count(tmp_path):
    """Two web processes hitting the same key at once: every hit gets its own number,
    1 … 2·HITS, none lost and none repeated."""
    # given a database file shared by two processes
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    _run(url, 1, create=True)
    # when
    counts = _run(url, 2)
    # then
    assert counts == list(range(1, 2 * HITS + 1))


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("SHEQU_DATABASE_URL", "").startswith("postgres"),
                    reason="needs PostgreSQL (SHEQU_DATABASE_URL=postgres://…)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_on_postgresql_never_lose_a_count():
    """The same on PostgreSQL: the test database, seen from two other processes."""
    # given
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    # when
    counts = _run(url, 2)
    # then
    assert counts == list(range(1, 2 * HITS + 1))
