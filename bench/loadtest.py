"""Load test: 60 s at 50 concurrent connections on a mix of every public page. Not a test
suite entry: a script, run by hand or in a nightly job.

    DATABASE_URL=postgres://user:pw@127.0.0.1:5432/geo_bench .venv/bin/python bench/loadtest.py

Uses whatever the database holds (bench_http.py's 2,000-tactic dataset, or the demo data,
loaded here if the database has no published tactic). Starts bin/entrypoint with
production settings, warms up with the same mix, records each worker's resident memory
(RSS, from /proc), drives wrk for 60 s with a Lua script cycling the URLs, and records RSS
again. Passes when there were no errors (no non-2xx/3xx response, no socket error, no
worker restarted) and no worker grew by more than --rss-bound MB. Worker recycling
(max_requests) is off here, so a leak cannot hide behind a restart.
"""

import argparse
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import serving  # noqa: E402

# Counts responses by status class in the worker thread; printed by done().
STATUS_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body)
  local class = tostring(status)
  counts[class] = (counts[class] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for class, n in pairs(c) do total[class] = (total[class] or 0) + n end
  end
  for class, n in pairs(total) do io.write(string.format("status %s %d\\n", class, n)) end
end
"""


def urls(rng):
    """The mix: mostly tactic pages and the list, as visitors and crawlers read the site."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    from sources.models import Source
    from tactics.models import Category, Tactic

    tactics = list(Tactic.objects.published().values_list("slug", flat=True)[:300])
    sources = list(Source.objects.with_published_tactics().values_list("pk", flat=True)[:60])
    categories = list(Category.objects.values_list("slug", flat=True))
    lists = ["/tactics/", "/tactics/?order=updated", "/tactics/?contested=yes"]
    lists += [f"/tactics/?category={c}&order=title" for c in categories]
    lists += [f"/tactics/?confidence={c}" for c in ("high", "medium", "low", "very_low")]
    lists += [f"/tactics/?q={word}" for word in ("backlinks", "statistics", "llms", "schema")]
    lists += [f"/tactics/?page={n}" for n in range(1, 6)]
    static = "/static/" + staticfiles_storage.stored_name("css/site.css")
    mix = (
        [f"/tactics/{slug}/" for slug in tactics] * 2
        + lists * 2
        + ["/"] * 20
        + [static] * 40
        + [f"/sources/{pk}/" for pk in sources]
        + ["/sources/", "/sources/?page=2", "/sources/?stance=contradicts", "/methodology/"]
        + ["/robots.txt", "/llms.txt", "/feed.atom", "/sitemap.xml", "/healthz"] * 2
    )
    rng.shuffle(mix)
    return mix


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=30, help="seconds of the same mix first")
    # After the warm-up every cacheable page is in each worker's cache, so the run itself
    # should add next to nothing; 8 MB over ~25,000 requests per worker would still catch
    # a leak of a third of a kilobyte per request.
    parser.add_argument(
        "--rss-bound", type=float, default=8.0, help="largest allowed growth per worker, MB"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL (PostgreSQL, as in production).")
    os.environ.update(serving.production_env())
    import django

    django.setup()
    from django.core.management import call_command

    from tactics.models import Tactic

    call_command("migrate", verbosity=0)
    if not Tactic.objects.published().exists():
        call_command("load_demo", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    mix = urls(random.Random(7))
    env = serving.production_env(GUNICORN_MAX_REQUESTS=0, MIGRATE=0)
    with serving.Server(env, "loadtest.log") as server:
        workers = sorted(server.worker_pids())
        at_start = {pid: serving.rss_bytes(pid) for pid in workers}
        # Cycle the URLs (wrk's request()), and count statuses (response(), done()).
        script = serving.lua_cycling(mix)
        with open(script, "a") as handle:
            handle.write(STATUS_LUA)
        print(f"{len(workers)} workers; {len(mix)} URLs in the mix ({len(set(mix))} distinct)")
        serving.run_wrk(server.base + "/", args.warmup, args.connections, script)
        before = {pid: serving.rss_bytes(pid) for pid in workers}
        cpu_before = server.cpu_seconds()
        figures, output = serving.run_wrk(
            server.base + "/", args.duration, args.connections, script
        )
        cpu = server.cpu_seconds() - cpu_before
        after_workers = sorted(server.worker_pids())
        after = {pid: serving.rss_bytes(pid) for pid in after_workers if pid in before}
        os.unlink(script)

    statuses = dict(line.split()[1:] for line in output.splitlines() if line.startswith("status"))
    growth = {pid: (after[pid] - before[pid]) / 2**20 for pid in after}
    print(
        f"wrk -t1 -c{args.connections} -d{args.duration}s: {figures['requests']:,} requests, "
        f"{figures['rps']:,.0f} rps, p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms"
    )
    print(f"Responses by status: {statuses}")
    print(
        f"Errors: {figures['non_2xx']} non-2xx/3xx responses, "
        f"{figures['socket_errors']} socket errors"
    )
    print(f"gunicorn CPU: {cpu * 1000 / max(figures['requests'], 1):.2f} ms per request")
    for pid in before:
        if pid in after:
            print(
                f"worker {pid}: RSS {at_start[pid] / 2**20:.1f} MB at start, "
                f"{before[pid] / 2**20:.1f} MB after the warm-up, "
                f"{after[pid] / 2**20:.1f} MB after the run ({growth[pid]:+.1f} MB)"
            )
    problems = []
    if figures["non_2xx"] or figures["socket_errors"]:
        problems.append("errors during the run")
    if after_workers != workers:
        problems.append(f"workers changed during the run: {workers} -> {after_workers}")
    if any(g > args.rss_bound for g in growth.values()):
        problems.append(f"a worker grew by more than {args.rss_bound:.0f} MB")
    if problems:
        raise SystemExit("FAILED: " + "; ".join(problems))
    print(f"PASSED: no errors, no restarts, every worker grew less than {args.rss_bound:.0f} MB")


if __name__ == "__main__":
    main()
