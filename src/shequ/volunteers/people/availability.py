"""Weekly availability as a bit set: bit ``weekday * 3 + band`` (Monday = 0; bands morning
06–12, afternoon 12–18, evening 18–22, local time). A need's time window maps to the same
bits, so "is this volunteer free then?" is one AND."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import ALL_WEEK, BANDS

ALL_WEEK_MASK = ALL_WEEK

BAND_NAMES = [b[0] for b in BANDS]


def bit(weekday: int, band: int) -> int:
    return 1 << (weekday * len(BANDS) + band)


def mask_of(slots) -> int:
    """``[(weekday, band), …]`` → bit set."""
    out = 0
    for weekday, band in slots:
        if 0 <= int(weekday) < 7 and 0 <= int(band) < len(BANDS):
            out |= bit(int(weekday), int(band))
    return out


def slots_of(mask: int) -> list[tuple[int, int]]:
    return [(d, b) for d in range(7) for b in range(len(BANDS)) if mask & bit(d, b)]


def window_mask(starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    """The bits a time window touches (local time). A window outside every band (night)
    touches the nearest band of its day, so it still asks for someone."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    out = 0
    cursor = start
    while cursor < end and cursor - start < dt.timedelta(days=7):
        for i, (_name, lo, hi) in enumerate(BANDS):
            band_lo = cursor.replace(hour=lo, minute=0, second=0, microsecond=0)
            band_hi = cursor.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(
                hours=hi)
            if start < band_hi and end > band_lo:
                out |= bit(cursor.weekday(), i)
        cursor = (cursor + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0,
                                                         microsecond=0)
    if not out:
        hour = start.hour
        band = 0 if hour < BANDS[0][1] else len(BANDS) - 1
        out = bit(start.weekday(), band)
    return out


def overlap(volunteer_mask: int, need_mask: int) -> float:
    """Share of the need's bits the volunteer is available for (0..1)."""
    wanted = need_mask.bit_count()
    return (volunteer_mask & need_mask).bit_count() / wanted if wanted else 0.0
