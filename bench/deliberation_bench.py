"""The public disclosure page (公开) of a community with 1,000 matters, on a fresh SQLite
database of its own (no demo needed).

Builds one district → street → community and 1,000 matters of every kind, 900 decided
(passed, refused, in execution, done) with vote counts and progress, each with its own
disclosure (budget public by default; background public on a third, the source of funds
private on a fifth). Then requests the page as an anonymous visitor through the whole
Django stack (middleware, template): the first page and pages deep in the list reached by
following the keyset cursors, and the same through the JSON API.

Figure (target from issue 13: ≤ 100 ms p95). Timings are reported, never asserted.

    .venv/bin/python bench/deliberation_bench.py
"""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal

import benchlib

DB = benchlib.OUT / "deliberation.sqlite3"
MATTERS, REQUESTS = 1000, 200


def build(rng: random.Random):
    from django.utils import timezone

    from shequ.deliberation.models import Matter, MatterKind, MatterStatus, default_disclosure
    from shequ.territory.models import Area

    district = Area.objects.create(kind="district", name="区", code="511703", path="01",
                                   depth=0)
    street = Area.objects.create(kind="street", name="街道", code="511703001", path="01.01",
                                 depth=1, parent=district)
    community = Area.objects.create(kind="community", name="社区", code="511703001001",
                                    path="01.01.001", depth=2, parent=street)
    decided = [MatterStatus.PASSED, MatterStatus.REJECTED, MatterStatus.EXECUTING,
               MatterStatus.DONE]
    now, rows = timezone.now(), []
    for n in range(MATTERS):
        disclosure = default_disclosure()
        if n % 3 == 0:
            disclosure["background"] = "public"
        if n % 5 == 0:
            disclosure["budget_source"] = "private"
        status = decided[n % 4] if n % 10 else MatterStatus.APPROVED
        rows.append(Matter(
            community=community, path=community.path, kind=rng.choice(MatterKind.values),
            title=f"事项{n}：小区公共设施改造", background="居民议事会征集意见。" * 20,
            budget=Decimal(rng.randrange(1, 200) * 1000), budget_source="社区公益金",
            proposer_name="社区党委", status=status, disclosure=disclosure,
            decided_at=None if status == MatterStatus.APPROVED
            else now - dt.timedelta(minutes=n), votes_for=rng.randrange(5, 12),
            votes_against=rng.randrange(0, 4), votes_abstain=rng.randrange(0, 3),
            progress=Decimal(rng.randrange(0, 101))))
    Matter.objects.bulk_create(rows, batch_size=500)
    return community


def _walk(client, first_url: str, requests: int, cursor_re) -> list[float]:
    """``requests`` GETs: the first page, then following the next-page link to the end
    of the list and starting again."""
    ms, url = [], first_url
    for _ in range(requests):
        t, response = benchlib.timed(client.get, url)
        assert response.status_code == 200, response.status_code
        ms.append(t)
        found = cursor_re(response)
        url = f"{first_url}?cursor={found}" if found else first_url
    return ms


def main() -> dict:
    benchlib.fresh_db(DB)
    benchlib.setup_django(DB)
    from urllib.parse import quote

    from django.db import transaction
    from django.test import Client

    rng = random.Random(benchlib.SEED)  # noqa: S311 - bench data
    with transaction.atomic():
        community = build(rng)
    client = Client()
    link = re.compile(r'href="\?cursor=([^"&]+)"')

    def page_cursor(r):
        m = link.search(r.content.decode())
        return m.group(1) if m else None

    def api_cursor(r):
        c = r.json()["next_cursor"]
        return quote(c) if c else None

    page_url = f"/deliberation/public/{community.code}/"
    api_url = f"/api/v1/deliberation/public/{community.code}"
    _walk(client, page_url, 10, page_cursor)  # warm-up
    page = benchlib.summary(_walk(client, page_url, REQUESTS, page_cursor))
    api = benchlib.summary(_walk(client, api_url, REQUESTS, api_cursor))
    result = {"machine": benchlib.machine(), "matters": MATTERS, "decided": 900,
              "page_p50_ms": page["p50_ms"], "page_p95_ms": page["p95_ms"],
              "page_max_ms": page["max_ms"], "api_p50_ms": api["p50_ms"],
              "api_p95_ms": api["p95_ms"], "requests_each": REQUESTS}
    print(benchlib.table(["figure", "value"], [[k, v] for k, v in result.items()
                                               if k != "machine"]))
    benchlib.write_json("deliberation", result)
    return result


if __name__ == "__main__":
    main()
