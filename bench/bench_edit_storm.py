"""Readers while researchers work: tactic pages per second with and without edits. Not a test.

    DATABASE_URL=postgres://user:pw@127.0.0.1:5432/geo_bench .venv/bin/python bench/bench_edit_storm.py

Uses bench_http.py's dataset (2,000 tactics, 20,000 sources, 60,000 stances), building it
when the database has none (the database is then EMPTIED: give it a throwaway one). Starts
bin/entrypoint with production settings and, with `--varnish`, deploy/varnish/default.vcl
in front of it. wrk reads 300 tactic pages in turn (`-t1 -c16`) for `--duration` seconds
per phase, in one run against the same server:

  no edits        nobody saves anything;
  finding edits   a stance of one of the 300 tactics gets a new finding every 2 seconds
                  (its tactic's page and its source's page change, no grade does);
  grade edits     the same, but each save moves the stance between "improves" and "no
                  detectable effect", so the tactic's score changes (lists, the home page
                  and the related-tactic cards of other tactics print it).

The saves are made by this process through the ORM, as an admin save is, so invalidation
(and, with --varnish, the purge) runs exactly as in production. After each save the
editor fetches the page it changed and counts it stale if the new text is missing.
Prints rps, p50, p99, saves and stale pages per phase, and each edit phase's rps as a
ratio of the no-edit phase's (issue 10's target: >= 0.9).
"""

import argparse
import math
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_http  # noqa: E402
import serving  # noqa: E402
import varnish  # noqa: E402

READ_PAGES = 300
EDIT_EVERY = 2.0
PHASES = ("no edits", "finding edits", "grade edits")


class Editor(threading.Thread):
    """Saves one stance of the read tactics every EDIT_EVERY seconds until stopped."""

    def __init__(self, front, slugs, change):
        super().__init__(daemon=True)
        self.front, self.slugs, self.change = front, slugs, change
        self.stop = threading.Event()
        self.saves = self.stale = 0
        self.save_ms = []

    def run(self):
        from django.db import connection

        from sources.choices import Position
        from sources.models import Stance

        try:
            while not self.stop.wait(EDIT_EVERY):
                slug = self.slugs[self.saves % len(self.slugs)]
                stance = Stance.objects.filter(tactic__slug=slug).order_by("pk").first()
                marker = f"Edit {self.saves} at {time.time():.3f}."
                stance.finding = marker
                if self.change == "grade edits":
                    stance.position = (
                        Position.NO_EFFECT
                        if stance.position == Position.IMPROVES
                        else Position.IMPROVES
                    )
                started = time.perf_counter()
                stance.save()  # the recompute and the invalidation run on commit
                self.save_ms.append((time.perf_counter() - started) * 1000)
                self.saves += 1
                _status, _headers, body = serving.fetch(f"{self.front}/tactics/{slug}/")
                if marker.encode() not in body:
                    self.stale += 1
        finally:
            connection.close()


def warm_up(front, script, args, copies):
    """Read until every page is stored in each of its `copies` (one per worker with the
    local-memory cache, one with Redis or Varnish) and the rate has stopped rising.

    wrk cycles through the pages but each request goes to whichever worker accepts it, so
    a worker sees a given page at random: after n * (ln n + 5) requests of its own, the
    chance that one of the n pages is still missing from it is about e**-5 (the coupon
    collector's bound). A flat rate alone does not mean a warm cache on a busy machine,
    which renders slowly and steadily."""
    pages = len(args.slugs)
    needed = copies * pages * (math.log(pages) + 5)
    previous, served = 0.0, 0
    for _ in range(30):
        figures, _output = serving.run_wrk(front + "/", 10, args.connections, script)
        served += figures["rps"] * 10
        if served >= needed and previous and figures["rps"] < previous * 1.05:
            break
        previous = figures["rps"]
    print(f"Warmed up: {served:,.0f} requests, {figures['rps']:,.0f} rps over the last 10 s")


def measure(front, script, phase, args):
    editor = None
    if phase != "no edits":
        editor = Editor(front, args.slugs, phase)
        editor.start()
    figures, _output = serving.run_wrk(front + "/", args.duration, args.connections, script)
    if editor:
        editor.stop.set()
        editor.join()
        figures.update(saves=editor.saves, stale=editor.stale, save_ms=editor.save_ms)
    else:
        figures.update(saves=0, stale=0, save_ms=[])
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per phase")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--runs", type=int, default=1, help="repeat the phases N times")
    parser.add_argument("--varnish", action="store_true", help="read through Varnish")
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the dataset even if there is one"
    )
    args = parser.parse_args()
    front_port = serving.free_port() if args.varnish else None
    purge = {"PAGE_CACHE_PURGE_URLS": f"http://127.0.0.1:{front_port}/"} if args.varnish else {}
    # The server and this process (the editor) must agree on where invalidation goes.
    os.environ.update(purge)
    bench_http.setup_django()
    from django.core.management import call_command

    from tactics.models import Tactic

    call_command("migrate", verbosity=0)
    if args.rebuild or not Tactic.objects.exists():
        bench_http.build_dataset(random.Random(2026))
    call_command("collectstatic", interactive=False, verbosity=0)
    slugs = list(Tactic.objects.published().order_by("pk").values_list("slug", flat=True))
    args.slugs = slugs[:: max(1, len(slugs) // READ_PAGES)][:READ_PAGES]
    script = serving.lua_cycling([f"/tactics/{slug}/" for slug in args.slugs])
    bench_http.describe_machine()
    env = serving.production_env(GUNICORN_MAX_REQUESTS=0, MIGRATE=0, **purge)
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory"
    results = {phase: [] for phase in PHASES}
    with (
        serving.Server(env, "bench_edit_storm.log") as server,
        varnish.front(server, front_port, Path(tempfile.mkdtemp())) as front,
    ):
        print(
            f"gunicorn: {len(server.worker_pids())} sync workers, page cache in {cache}"
            f"{', behind Varnish' if args.varnish else ''}; {len(args.slugs)} tactic "
            f"pages; wrk -t1 -c{args.connections} -d{args.duration}s per phase; one "
            f"stance saved every {EDIT_EVERY:g} s in the edit phases"
        )
        broken = [s for s in args.slugs if serving.fetch(f"{front}/tactics/{s}/")[0] != 200]
        if broken:
            raise SystemExit(f"{len(broken)} tactic pages do not answer 200, e.g. {broken[0]}")
        copies = 1 if args.varnish or cache == "Redis" else len(server.worker_pids())
        warm_up(front, script, args, copies)
        for number in range(1, args.runs + 1):
            for phase in PHASES:
                serving.wait_for_idle()
                figures = measure(front, script, phase, args)
                results[phase].append(figures)
                print(
                    f"  run {number}, {phase:14} {figures['rps']:>8,.0f} rps  p50 "
                    f"{figures['p50']:6.1f} ms  p99 {figures['p99']:7.1f} ms  "
                    f"{figures['saves']} saves, {figures['stale']} stale"
                )
    os.unlink(script)
    report(results)


def report(results):
    print("\n| Phase | rps | p50 ms | p99 ms | saves | stale pages | save ms (median) | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    base = results["no edits"]
    for phase, runs in results.items():
        ratios = " / ".join(f"{r['rps'] / b['rps']:.3f}" for r, b in zip(runs, base, strict=True))
        save_ms = sorted(ms for r in runs for ms in r["save_ms"])
        median = f"{save_ms[len(save_ms) // 2]:.0f}" if save_ms else "-"
        print(
            f"| {phase} | {' / '.join(f'{r["rps"]:,.0f}' for r in runs)} | "
            f"{' / '.join(f'{r["p50"]:.1f}' for r in runs)} | "
            f"{' / '.join(f'{r["p99"]:.1f}' for r in runs)} | "
            f"{sum(r['saves'] for r in runs)} | {sum(r['stale'] for r in runs)} | {median} | "
            f"{ratios} |"
        )
    errors = sum(r["non_2xx"] + r["socket_errors"] for runs in results.values() for r in runs)
    if errors:
        print(f"\n{errors} non-2xx/3xx responses or socket errors")
    worst = min(
        r["rps"] / b["rps"]
        for phase in PHASES[1:]
        for r, b in zip(results[phase], base, strict=True)
    )
    print(f"\nWith edits / without: {worst:.3f} in the worst phase (target 0.9).")


if __name__ == "__main__":
    main()
