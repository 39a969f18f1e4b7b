"""CPU of one intake, in-process, apart from the server and the machine's other load.

    .venv/bin/python bench/intake_profile.py [--requests 500] [--batch 250] [--batches 8]

On a copy of ``bench/out/ledgers/cases.sqlite3`` (built by ``cases_bench.py``):

- web: ``POST /api/v1/ledgers/cases`` through Django's WSGI handler (every middleware, token
  sign-in, ninja, the service, the commit; no socket, no granian), CPU per request over
  three rounds of ``--requests``, and the statements one request runs;
- worker: ``--batches`` rounds of ``--batch`` intakes, each followed by the task worker's
  early-warning batch (``alerting.evaluate_pending``), CPU per case of the batches after
  the first (the first reads the grids' previous weeks).

Run it under ``py-spy record -f raw -o out.txt -- …`` to see where the time goes.
Writes ``bench/out/intake_profile.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import random
import sys
import time

import benchlib
import cases_bench

DB = cases_bench.OUT / "profile.sqlite3"
CATEGORIES = ["sanitation", "noise", "property_dispute", "neighbour_dispute", "complaint"]


def _poster(creds, rng):
    from shequ.wsgi import application

    def post():
        token, buildings = rng.choice(creds)
        body = json.dumps({"category": rng.choice(CATEGORIES),
                           "building": rng.choice(buildings), "description": "压测：楼道堆放杂物",
                           "source": "api",
                           "reporter_phone": f"139{rng.randint(0, 99_999_999):08d}"}).encode()
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/v1/ledgers/cases",
                   "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
                   "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_TYPE": "application/json",
                   "CONTENT_LENGTH": str(len(body)), "HTTP_HOST": "127.0.0.1",
                   "HTTP_AUTHORIZATION": f"Bearer {token}", "REMOTE_ADDR": "127.0.0.1",
                   "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
                   "wsgi.errors": sys.stderr, "wsgi.multithread": True,
                   "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.version": (1, 0)}
        status = []
        response = application(environ, lambda s, _h, *_a: status.append(s))
        b"".join(response)
        response.close()
        assert status[0].startswith("201"), status

    return post


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--batch", type=int, default=250)
    ap.add_argument("--batches", type=int, default=8)
    args = ap.parse_args()
    cases_bench.working_copy(DB)
    os.environ["SHEQU_HOME"] = str(cases_bench.OUT)
    benchlib.setup_django(DB)
    logging.getLogger("shequ.access").setLevel(logging.WARNING)  # the console, not the work
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shequ.ledgers import alerting

    alerting.queue_batch = lambda: None  # the batches are run here, by hand
    post = _poster(cases_bench._prepare_intake(1000), random.Random(1))
    for _ in range(50):  # imports, the process's copies, the statement cache
        post()
    connection.queries_log.clear()  # the request's start clears it: capture from empty
    with CaptureQueriesContext(connection) as ctx:
        post()
    web = []
    for _ in range(3):
        t = time.process_time()
        for _ in range(args.requests):
            post()
        web.append(round((time.process_time() - t) * 1000 / args.requests, 2))
    alerting.evaluate_pending()
    worker, cpu, cases = [], 0.0, 0
    for i in range(args.batches):
        for _ in range(args.batch):
            post()
        t = time.process_time()
        n = alerting.evaluate_pending()
        spent = time.process_time() - t
        worker.append(round(spent * 1000 / n, 2))
        if i:
            cpu, cases = cpu + spent, cases + n
    result = {"web_cpu_ms_per_request": web, "statements_per_request": len(ctx),
              "worker_cpu_ms_per_case": worker, "batch": args.batch,
              "worker_steady_ms_per_case": round(cpu * 1000 / max(cases, 1), 2)}
    print(f"web: {web} ms CPU per intake ({len(ctx)} statements); worker, batches of "
          f"{args.batch}: {worker} ms CPU per case, {result['worker_steady_ms_per_case']} "
          f"after the first")
    print("written", benchlib.write_json("intake_profile", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
