"""The 15-minute service circle at district size, on a fresh SQLite database of its own.

Builds a district shaped like the demo's (12 streets, 40 communities, 300 grids, 10
buildings a grid = 3,000 located buildings spread as ``demo/housing.py`` spreads them), 10
categories of service points (a few per community, one office per street for utilities),
and a synthetic street lattice over the district as an OpenStreetMap XML file (a node every
40 m: a city-sized walking graph).

Figures (targets from issue 14: straight-line ≤ 5 s, network ≤ 30 s, the map's overlays
≤ 1 s in headless Chromium):
- ``coverage_compute`` straight-line over the district, 3,000 buildings × 10 categories,
  rows written included (median of 3);
- reading the street file with pyosmium, then ``coverage_compute`` on it;
- the map page for a district administrator (3,000 buildings, the points, grids) in
  headless Chromium: the time ``circle-map.js`` reports for fetching and drawing its
  overlays (``data-rendered-ms``; median of 3 loads) against ``shequ runserver`` on port
  8661.
Timings are reported, never asserted.

    .venv/bin/python bench/circle_bench.py [--no-browser]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
import urllib.request

import benchlib

DB = benchlib.OUT / "circle.sqlite3"
GRAPH = benchlib.OUT / "circle-streets.osm"
CENTRE = (31.2090, 107.4680)
PORT = 8661
PASSWORD = "Bench@2026circle"  # noqa: S105 - a throw-away account on the bench's own database
CATEGORIES = ("water", "power", "gas", "telecom", "bank", "clinic", "school", "market",
              "pharmacy", "elderly_care")


def build(rng: random.Random):
    from shequ.circle.models import ServicePoint
    from shequ.territory.models import Area, Building

    district = Area.objects.create(kind="district", name="区", code="511703", path="01",
                                   depth=0)
    communities, streets = [], []
    for s in range(12):
        street = Area.objects.create(kind="street", name=f"街道{s}", code=f"511703{s:03d}",
                                     path=f"01.{s + 1:02d}", depth=1, parent=district)
        streets.append(street)
        for c in range(4 if s < 4 else 3):
            n = len(communities)
            communities.append(Area.objects.create(
                kind="community", name=f"社区{n}", code=f"{street.code}{c:03d}",
                path=f"{street.path}.{c + 1:03d}", depth=2, parent=street))
    grids = []
    for i in range(300):
        community = communities[i % len(communities)]
        k = i // len(communities)
        grids.append(Area(kind="grid", name=f"网格{i}", code=f"{community.code}{k:03d}",
                          path=f"{community.path}.{k + 1:03d}", depth=3, parent=community))
    Area.objects.bulk_create(grids)
    middles = {c.pk: (CENTRE[0] + rng.uniform(-0.035, 0.035),
                      CENTRE[1] + rng.uniform(-0.04, 0.04)) for c in communities}
    buildings, points = [], []
    for g in Area.objects.filter(kind="grid").order_by("path"):
        lat, lng = middles[g.parent_id]
        lat, lng = lat + rng.uniform(-0.004, 0.004), lng + rng.uniform(-0.004, 0.004)
        buildings += [Building(grid=g, name=f"{b + 1}栋", path=g.path,
                               lat=round(lat + rng.uniform(-0.0015, 0.0015), 6),
                               lng=round(lng + rng.uniform(-0.0015, 0.0015), 6))
                      for b in range(10)]
    Building.objects.bulk_create(buildings)
    for c in communities:
        lat, lng = middles[c.pk]
        for cat in CATEGORIES[4:]:
            if rng.random() < 0.7:
                points.append(ServicePoint(category=cat, name=f"{c.name}{cat}", area=c,
                                           path=c.path, lat=round(lat + rng.uniform(-.006, .006), 6),
                                           lng=round(lng + rng.uniform(-.006, .006), 6)))
    for s in streets:
        lat, lng = middles[rng.choice([c for c in communities if c.parent_id == s.pk]).pk]
        for cat in CATEGORIES[:4]:
            points.append(ServicePoint(category=cat, name=f"{s.name}{cat}", area=s, path=s.path,
                                       lat=round(lat, 6), lng=round(lng, 6)))
    ServicePoint.objects.bulk_create(points)
    return district, len(points)


def write_lattice(step_m: float = 40.0) -> tuple[int, int]:
    """A street lattice over the district's extent (±0.045° lat, ±0.05° lng) as OSM XML."""
    lat0, lat1 = CENTRE[0] - 0.045, CENTRE[0] + 0.045
    lng0, lng1 = CENTRE[1] - 0.05, CENTRE[1] + 0.05
    dlat = step_m / 111_320
    dlng = step_m / (111_320 * 0.855)
    rows, cols = int((lat1 - lat0) / dlat) + 1, int((lng1 - lng0) / dlng) + 1
    with GRAPH.open("w", encoding="utf-8") as fh:
        fh.write("<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\">\n")
        for r in range(rows):
            for c in range(cols):
                fh.write(f'<node id="{r * cols + c + 1}" lat="{lat0 + r * dlat:.7f}" '
                         f'lon="{lng0 + c * dlng:.7f}"/>\n')
        way = 10**9
        for r in range(rows):
            way += 1
            nds = "".join(f'<nd ref="{r * cols + c + 1}"/>' for c in range(cols))
            fh.write(f'<way id="{way}">{nds}<tag k="highway" v="residential"/></way>\n')
        for c in range(cols):
            way += 1
            nds = "".join(f'<nd ref="{r * cols + c + 1}"/>' for r in range(rows))
            fh.write(f'<way id="{way}">{nds}<tag k="highway" v="footway"/></way>\n')
        fh.write("</osm>\n")
    return rows * cols, rows * (cols - 1) + cols * (rows - 1)


def map_render(username: str, password: str) -> list[int]:
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(benchlib.ROOT / "manage.py"), "runserver", f"127.0.0.1:{PORT}",
         "--noreload", "--insecure"], env=benchlib.bench_env(DB), cwd=benchlib.ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.click("button[type=submit].btn-primary")
            page.wait_for_url(base + "/")
            times = []
            for _ in range(4):
                page.goto(base + "/circle/map/?category=clinic")
                page.wait_for_selector("#circle-map[data-rendered-ms]", timeout=30_000)
                times.append(int(page.get_attribute("#circle-map", "data-rendered-ms")))
                drawn = page.get_attribute("#circle-map", "data-buildings-drawn")
            page.screenshot(path=str(benchlib.OUT / "circle-map.png"))
            browser.close()
        print(f"map drew {drawn} buildings")
        return times[1:]  # the first load warms the server's caches
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    benchlib.fresh_db(DB)
    benchlib.setup_django(DB)
    from django.db import transaction

    from shequ.accounts import services as account_services
    from shequ.circle import services
    from shequ.circle.network import load_graph
    from shequ.core.actors import SYSTEM

    rng = random.Random(benchlib.SEED)  # noqa: S311 - bench data
    with transaction.atomic():
        district, n_points = build(rng)
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        run = services.coverage_compute(actor=SYSTEM, area=district)
        runs.append(time.perf_counter() - t)
    nodes, edges = write_lattice()
    t = time.perf_counter()
    graph = load_graph(GRAPH)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    services.coverage_compute(actor=SYSTEM, area=district, graph=graph)
    network_s = time.perf_counter() - t
    services.coverage_compute(actor=SYSTEM, area=district)  # the map shows straight-line
    result = {
        "machine": benchlib.machine(), "buildings": run.buildings, "points": n_points,
        "categories": 11, "rows_written": run.buildings * 11,
        "straight_line_compute_s": round(statistics.median(runs), 2),
        "street_graph_nodes": graph.nodes, "street_graph_edges": graph.edges,
        "osm_file_nodes_edges": f"{nodes} / {edges}",
        "street_graph_read_s": round(load_s, 2),
        "network_compute_s": round(network_s, 2),
    }
    if not args.no_browser:
        user = account_services.user_create(actor=SYSTEM, username="benchadmin",
                                            password=PASSWORD)
        account_services.grant_add(actor=SYSTEM, user=user, role="district_admin",
                                   area=district)
        times = map_render("benchadmin", PASSWORD)
        result["map_overlays_ms_median"] = statistics.median(times)
        result["map_overlays_ms_runs"] = times
    print(benchlib.table(["figure", "value"], [[k, v] for k, v in result.items()
                                               if k != "machine"]))
    benchlib.write_json("circle", result)
    return result


if __name__ == "__main__":
    main()
