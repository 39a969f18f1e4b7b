"""Investigation: the current ``registry.selectors.resident_list`` against a proposed
variant, at selector level, on the loaded district (SQLite).

Why: SQLite here is built without STAT4, so it cannot tell how selective a range is. For
``path`` range + name range it always walks the ``path`` index; for a district-wide scope
that is every row, then a sort by id for LIMIT 50 (~100 ms for search and for the plain
list alike). The proposed variant (not applied to the app; described in bench/README.md):

1. order the list by ``(path, id)`` — the ``path`` index (SQLite appends the rowid; on
   PostgreSQL ``resident_path_id``) delivers that order, so LIMIT 50 stops after 50 rows,
   and the keyset cursor is ``(path, id)``;
2. search: take up to CAP matching ids from the name/phone index alone (index-only), and if
   there are at most CAP, filter the scoped query to those ids; a broader query ("李", "z")
   keeps the condition and lets the ordered scope scan stop after 50 matches.

    .venv/bin/python bench/proposal.py [--n 100]
"""

from __future__ import annotations

import argparse
import random

import benchlib

CAP = 1000
USERS = ("district_admin", "community_staff", "grid_worker")


def proposed(actor, q: str, after: tuple[str, int] | None = None, limit: int = 50):
    from shequ.registry.models import Resident
    from shequ.registry.selectors import search_q

    qs = Resident.objects.all()
    if after is not None:
        # The cursor's bound must come before the scope's: SQLite (no STAT4) seeks on the
        # first lower bound it meets on a column. Rows of the cursor's own path up to its id
        # are then skipped within one grid's worth of index entries.
        path, pk = after
        qs = qs.filter(path__gte=path).exclude(path=path, pk__lte=pk)
    qs = qs.for_actor(actor, "view_people").filter(is_active=True)
    cond = search_q(q)
    if cond is not None:
        ids = list(Resident.objects.filter(cond).values_list("pk", flat=True)[:CAP + 1])
        qs = qs.filter(pk__in=ids) if len(ids) <= CAP else qs.filter(cond)
    return list(qs.select_related("household").order_by("path", "id")[:limit])


def current(actor, q: str, after: int | None = None, limit: int = 50):
    from shequ.registry.selectors import ResidentFilters, resident_list

    qs = resident_list(actor=actor, filters=ResidentFilters(q=q))
    if after is not None:
        qs = qs.filter(id__gt=after)
    return list(qs[:limit])


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--users", default=",".join(USERS))
    ap.add_argument("--kinds", default="", help="comma-separated subset of query kinds")
    args = ap.parse_args()
    benchlib.setup_django(benchlib.ensure_district())
    import opencc

    from shequ.accounts.models import User
    from shequ.registry.models import Resident

    s2t = opencc.OpenCC("s2t")
    rows, results = [], {}
    for username in args.users.split(","):
        user = User.objects.get(username=username)
        visible = list(Resident.objects.for_actor(user, "view_people").values_list(
            "name_simplified", "name_pinyin", "name_initials", "phone_tail4"))
        rng = random.Random(7)
        picks = [rng.choice(visible) for _ in range(args.n)]
        kinds = {
            "name": [p[0] for p in picks], "pinyin": [p[1] for p in picks],
            "initials": [p[2] for p in picks], "traditional": [s2t.convert(p[0]) for p in picks],
            "phone4": [p[3] or "1234" for p in picks],
            "broad (surname)": [p[0][0] for p in picks], "broad (1 letter)": [p[1][0] for p in picks],
            "no query": [""] * args.n,
        }
        wanted = set(filter(None, args.kinds.split(",")))
        for kind, qs in kinds.items():
            if wanted and kind not in wanted:
                continue
            for label, fn in (("current", current), ("proposed", proposed)):
                ms = []
                for q in qs:
                    user.forget_grants()
                    ms.append(benchlib.timed(fn, user, q)[0])
                s = benchlib.summary(ms)
                results[f"{username}/{kind}/{label}"] = s
                rows.append([username, kind, label, s["p50_ms"], s["p95_ms"], s["max_ms"]])
        # deep page: 1000th page (or the last page of a small scope)
        user.forget_grants()
        rows += deep_page(user, current, proposed, results)
    print(benchlib.table(["user", "query", "variant", "p50 ms", "p95 ms", "max ms"], rows))
    print("wrote", benchlib.write_json("proposal", {"cap": CAP, "results": results}))
    return results


def deep_page(user, current, proposed, results, pages: int = 1000, repeat: int = 20):
    page = proposed(user, "")
    cur_after, prop_after = None, None
    for _ in range(pages - 1):
        page = proposed(user, "", prop_after)
        if len(page) < 50:
            break
        prop_after = (page[-1].path, page[-1].pk)
        cur_page = current(user, "", cur_after)
        cur_after = cur_page[-1].pk
    out = []
    for label, fn, after in (("current", current, cur_after), ("proposed", proposed, prop_after)):
        ms = [benchlib.timed(fn, user, "", after)[0] for _ in range(repeat)]
        s = benchlib.summary(ms)
        results[f"{user.username}/deep page/{label}"] = s
        out.append([user.username, "deep page", label, s["p50_ms"], s["p95_ms"], s["max_ms"]])
    return out


if __name__ == "__main__":
    main()
