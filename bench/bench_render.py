"""What each way of answering a page the page cache cannot answer costs, in-process. Not a test.

    DATABASE_URL=postgres://user:pw@127.0.0.1:5432/geo_bench .venv/bin/python bench/bench_render.py

Needs bench_http.py's dataset (run `bench_http.py` once first; this script never writes
to the database). Every request carries a messages cookie, so the page cache steps aside
and the view runs, as for a visitor with a one-off notice. For the tactic page and the
source library it times, per request, in rounds that alternate the cases so that the
machine's noise falls on all of them alike:

  trivial view      /robots.txt: the whole middleware stack, no query (the yardstick);
  parts warm        the page from its stored parts (nothing it shows moved);
  tactic: cards moved   only its related cards are drawn again (a neighbour's grade moved);
  library: outcome moved   the library is drawn again, its count kept (a stance's outcome
                    moved, which changes a card but not who is in the library);
  cold              a full render: every tag the page shows moved (its own edit).

Tags are moved by bumping their versions, as a commit does, without writing a row. Prints
milliseconds per request (median over rounds) and each case as a ratio of the trivial
view (issue 10's targets for an uncached page: tactic page >= 0.06, library >= 0.05).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import serving  # noqa: E402

PAGES = 60  # different tactic pages per round


def setup(version_file):
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        raise SystemExit("Set DATABASE_URL to the benchmark's PostgreSQL database.")
    os.environ.update(serving.production_env(PAGE_CACHE_VERSION_FILE=version_file))
    os.chdir(ROOT)
    import django

    django.setup()


def cases():
    """{case: (paths, tags to move before each request or None)}."""
    from tactics.models import Tactic

    tactics = list(Tactic.objects.published().order_by("pk").values_list("pk", "slug")[:PAGES])
    if len(tactics) < PAGES:
        raise SystemExit("No benchmark dataset here: run bench/bench_http.py first.")
    tactic_paths = [f"/tactics/{slug}/" for _pk, slug in tactics]
    own_tags = [f"tactic:{pk}" for pk, _slug in tactics]
    card_tags = [f"related:{pk}" for pk, _slug in tactics]
    library = ["/sources/"]
    return {
        "trivial view": (["/robots.txt"], None),
        "tactic page, parts warm": (tactic_paths, None),
        "tactic page, cards moved": (tactic_paths, card_tags),
        "tactic page, cold": (tactic_paths, own_tags),
        "source library, parts warm": (library, None),
        "source library, outcome moved": (library, ["source-list"]),
        "source library, cold": (library, ["source-list", "source-members"]),
    }


def measure(client, paths, tags, requests):
    """Milliseconds per request over `requests` requests cycling through paths."""
    from web.page_versions import CLOCK, version_store

    store = version_store()
    spent = 0.0
    for index in range(requests):
        path = paths[index % len(paths)]
        if tags is not None:
            store.bump([CLOCK, tags[index % len(tags)]])
        started = time.perf_counter()
        response = client.get(path)
        spent += time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return spent * 1000 / requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=PAGES, help="per case and round")
    args = parser.parse_args()
    setup(str(serving.RESULTS / "bench-render-page-cache-version"))
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE="messages=bench")
    plan = cases()
    for paths, _tags in plan.values():  # templates compiled, connection open, parts stored
        for path in paths:
            client.get(path)
    timings = {name: [] for name in plan}
    for _round in range(args.rounds):
        for name, (paths, tags) in plan.items():
            timings[name].append(measure(client, paths, tags, args.requests))
    trivial = statistics.median(timings["trivial view"])
    print(f"{args.rounds} rounds of {args.requests} requests per case; median ms per request\n")
    print("| Case | ms per request | ratio to the trivial view |")
    print("|---|---:|---:|")
    for name, values in timings.items():
        ms = statistics.median(values)
        print(f"| {name} | {ms:.2f} | {trivial / ms:.3f} |")


if __name__ == "__main__":
    main()
