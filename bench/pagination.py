"""First page vs 1000th page of the resident list for a district_admin.

Walks ``next_cursor`` from page 1 to page 1000 of ``GET /api/v1/residents?limit=50`` and
then times fetching page 1 and page 1000 repeatedly. Target: page 1000 ≤ 2 × page 1.
Without the API endpoint it walks the same keyset with ``registry.selectors.resident_list``
(``id > last id``) and says so.

    .venv/bin/python bench/pagination.py [--page 1000] [--repeat 60]
"""

from __future__ import annotations

import argparse

import benchlib

LIMIT = 50


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--page", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=60)
    ap.add_argument("--user", default="district_admin")
    args = ap.parse_args()
    benchlib.setup_django(benchlib.ensure_district())

    from django.test import Client

    from shequ.accounts.models import User
    from shequ.accounts.services import api_token_create
    from shequ.core.actors import SYSTEM
    from shequ.registry.selectors import resident_list

    user = User.objects.get(username=args.user)
    _token, raw = api_token_create(actor=SYSTEM, user=user, name="bench")
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    mode = "api"
    if client.get("/api/v1/residents", {"limit": LIMIT}, **headers).status_code == 404:
        mode = "selector"

    def fetch(cursor):
        """One page; returns (first id, next cursor)."""
        if mode == "api":
            params = {"limit": LIMIT}
            if cursor:
                params["cursor"] = cursor
            resp = client.get("/api/v1/residents", params, **headers)
            assert resp.status_code == 200, resp.content[:200]
            body = resp.json()
            return body["items"][0]["id"], body["next_cursor"]
        user.forget_grants()
        qs = resident_list(actor=user)
        if cursor:
            qs = qs.filter(id__gt=cursor)
        ids = [r.pk for r in qs[:LIMIT]]
        return ids[0], ids[-1] if len(ids) == LIMIT else None

    cursor = None
    cursors = [None]
    for _ in range(args.page - 1):
        _first, cursor = fetch(cursor)
        assert cursor is not None, "the list ran out before the requested page"
        cursors.append(cursor)
    deep = cursors[-1]
    first_ms, deep_ms = [], []
    for _ in range(args.repeat):  # interleaved so load changes hit both alike
        first_ms.append(benchlib.timed(fetch, None)[0])
        deep_ms.append(benchlib.timed(fetch, deep)[0])
    first, deep_stats = benchlib.summary(first_ms), benchlib.summary(deep_ms)
    ratio = round(deep_stats["p50_ms"] / first["p50_ms"], 2)
    print(f"mode: {mode}")
    print(benchlib.table(
        ["page", "n", "p50 ms", "p95 ms", "max ms"],
        [["1", first["n"], first["p50_ms"], first["p95_ms"], first["max_ms"]],
         [str(args.page), deep_stats["n"], deep_stats["p50_ms"], deep_stats["p95_ms"],
          deep_stats["max_ms"]]]))
    print(f"page {args.page} / page 1 (p50): {ratio}× (target ≤ 2×)"
          f" {'ok' if ratio <= 2 else 'MISS'}")
    data = {"mode": mode, "user": args.user, "page": args.page, "limit": LIMIT,
            "first": first, "deep": deep_stats, "ratio_p50": ratio, "target_ratio": 2.0}
    print("wrote", benchlib.write_json("pagination", data))
    return data


if __name__ == "__main__":
    main()
