"""Two-way talent matching (talent.matching): one demand against N consenting reserve
profiles, and one person against M open posts, on data built here in memory (skills from a
vocabulary of 300 tags, homes scattered over a 30 km² town). Building the index from rows
(what a process does once per scope and reserve change) is timed apart. Timings are
reported, never asserted.

    .venv/bin/python bench/talent_bench.py [--profiles 50000] [--posts 500] [--runs 30]
"""

from __future__ import annotations

import argparse
import random

import benchlib

DB = benchlib.OUT / "talent.sqlite3"


def rows(rng: random.Random, n: int, kinds: list[str], works: list[str]) -> list[tuple]:
    tags = [f"skill{i}" for i in range(300)]
    out = []
    for pk in range(1, n + 1):
        out.append((pk, ",".join(sorted(rng.sample(tags, rng.randint(1, 6)))), rng.randint(0, 6),
                    31.20 + rng.random() * 0.05, 107.50 + rng.random() * 0.06,
                    ",".join(rng.sample(kinds, rng.randint(0, 3))),
                    ",".join(rng.sample(works, rng.randint(0, 2))),
                    rng.choice([None, 2500, 3500, 5000]), rng.choice([None, 3, 5, 10])))
    return out


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profiles", type=int, default=50_000)
    ap.add_argument("--posts", type=int, default=500)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    benchlib.setup_django(DB)

    from shequ.talent import matching
    from shequ.talent.models import PostKind, WorkType

    rng = random.Random(2026)  # noqa: S311 - bench data
    data = rows(rng, args.profiles, list(PostKind.values), list(WorkType.values))
    build_ms, index = benchlib.timed(matching.Index.build, data)

    def post(i: int) -> matching.Post:
        return matching.Post(skills=tuple(f"skill{rng.randrange(300)}" for _ in range(4)),
                             education=rng.randint(0, 5), kind=rng.choice(PostKind.values),
                             work_type=rng.choice(WorkType.values), pay_max=4000 + i % 5 * 500,
                             lat=31.22, lng=107.52)

    demand_ms = [benchlib.timed(matching.candidates, index, post(i), limit=20)[0]
                 for i in range(args.runs)]
    offered = [(i, post(i)) for i in range(args.posts)]
    person_ms = [benchlib.timed(matching.posts, data[i], offered, limit=20)[0]
                 for i in range(args.runs)]
    result = {"profiles": args.profiles, "posts": args.posts,
              "index_build_ms": round(build_ms, 1),
              "one_demand_vs_profiles": benchlib.summary(demand_ms),
              "one_person_vs_posts": benchlib.summary(person_ms)}
    print(benchlib.table(
        ["what", "p50 ms", "p95 ms", "max ms"],
        [[f"index build, {args.profiles:,} profiles (once per reserve change)",
          round(build_ms, 1), "", ""],
         [f"1 demand vs {args.profiles:,} profiles, top 20",
          *(result["one_demand_vs_profiles"][k] for k in ("p50_ms", "p95_ms", "max_ms"))],
         [f"1 person vs {args.posts:,} posts, top 20",
          *(result["one_person_vs_posts"][k] for k in ("p50_ms", "p95_ms", "max_ms"))]]))
    benchlib.write_json("talent", result)
    return result


if __name__ == "__main__":
    main()
