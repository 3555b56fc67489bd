"""HTTP benchmark of the production stack: gunicorn + whitenoise + PostgreSQL. Not a test.

    DATABASE_URL=postgres://user:pw@127.0.0.1:5432/geo_bench .venv/bin/python bench/bench_http.py

The database named by DATABASE_URL is EMPTIED and filled with 2,000 tactics, 20,000
sources and 60,000 stances (give it a throwaway database); `--reuse` keeps a dataset built
by an earlier run. Then bin/entrypoint starts gunicorn with production settings (DEBUG off,
sync workers, cores + 1) and wrk measures each endpoint (`wrk -t1 -c16 -d15s --latency`
after a 3 s warm-up, once the machine is idle). It prints requests per second, p50/p99,
server CPU per request, the ratios cached tactic page / static file (target >= 0.7) and
uncached tactic page / trivial view, and a profile of the uncached tactic page.
bench/README.md explains the endpoints and how to read the figures.
"""

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import serving  # noqa: E402

TACTICS, SOURCES, STANCES = 2_000, 20_000, 60_000
# A session-less "messages" cookie makes the page cache step aside without a session
# look-up: the page is rendered in full every time and nothing is stored.
BYPASS = {"Cookie": "messages=bench"}


def setup_django(**extra):
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        raise SystemExit("Set DATABASE_URL to a throwaway PostgreSQL database (it is emptied).")
    os.environ.update(serving.production_env(**extra))
    import django

    django.setup()


# --- The dataset ------------------------------------------------------------------------


def build_dataset(rng):
    """The scoring benchmark's generator at our sizes, then page content it leaves out."""
    import bench_recompute  # the shared generator (bench/bench_recompute.py)
    from django.core.management import call_command

    from scoring.services import recompute_tactics
    from tactics.models import Tactic

    bench_recompute.TACTICS = TACTICS
    bench_recompute.SOURCES = SOURCES
    bench_recompute.STANCES_PER_TACTIC = STANCES // TACTICS
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    bench_recompute.generate(rng)
    enrich(rng)
    recompute_tactics(Tactic.objects.values_list("pk", flat=True), reason="benchmark")
    print(f"Dataset built in {time.perf_counter() - started:.0f} s")


SECTION = (
    "## {q}\n\nStudies of {n:,} AI answers found that pages {a} were cited more often, "
    "but the effect shrinks once domain authority is controlled for. See the "
    "[methodology](https://example.org/methods/{n}) for how citations were counted.\n\n"
    "- Cited pages had **{p}%** more of it on average.\n- The gap was largest on Perplexity.\n"
)


def enrich(rng):
    """Body, findings, steps, FAQs, related tactics: what a real tactic page shows."""
    from sources.models import Stance
    from tactics.models import (
        Category,
        ImplementationStep,
        KeyFinding,
        Tactic,
        TacticFAQ,
    )

    categories = [
        Category.objects.create(name=name, slug=name.lower().replace(" ", "-"), position=i)
        for i, name in enumerate(["On-page", "Off-page", "Technical", "Content", "Brand"])
    ]
    tactics = list(Tactic.objects.order_by("pk"))
    first_source = dict(
        Stance.objects.order_by("tactic_id", "pk").values_list("tactic_id", "source_id")
    )
    findings, steps, faqs, related = [], [], [], []
    for n, tactic in enumerate(tactics):
        action = f"applying tactic {n}"
        tactic.category = categories[n % len(categories)]
        tactic.lede = f"Whether {action} gets a page cited, in [{n % 50} studies](/methodology/)."
        tactic.verdict = "most studies find a modest effect on citation rates."
        tactic.body = "\n".join(
            SECTION.format(q=f"Does {action} help (part {i})?", n=n * 37 + i, a=action, p=i * 7)
            for i in range(1, 4)
        )
        tactic.limitations = "The studies are observational: **correlation, not causation**."
        tactic.implementation_heading = f"How to start {action}"
        tactic.last_reviewed = tactic.created_at.date()
        source_id = first_source.get(tactic.pk)
        findings += [
            KeyFinding(tactic=tactic, position=i, text=f"Finding {i}.", source_id=source_id)
            for i in range(4)
        ]
        steps += [
            ImplementationStep(tactic=tactic, position=i, text=f"Step {i}: [do]({i}) it.")
            for i in range(4)
        ]
        faqs += [
            TacticFAQ(tactic=tactic, position=i, question=f"Q{i} on {action}?", answer="Yes.")
            for i in range(2)
        ]
        related += [
            Tactic.related_tactics.through(from_tactic_id=tactic.pk, to_tactic_id=other.pk)
            for other in rng.sample(tactics, 3)
            if other.pk != tactic.pk
        ]
    Tactic.objects.bulk_update(
        tactics,
        ["category", "lede", "verdict", "body", "limitations", "implementation_heading"]
        + ["last_reviewed"],
        batch_size=500,
    )
    Category.objects.filter(slug="bench").delete()
    KeyFinding.objects.bulk_create(findings, batch_size=2000)
    ImplementationStep.objects.bulk_create(steps, batch_size=2000)
    TacticFAQ.objects.bulk_create(faqs, batch_size=2000)
    Tactic.related_tactics.through.objects.bulk_create(related, batch_size=2000)
    Stance.objects.update(
        finding="Pages that did this were cited 1.4 times as often, after controls."
    )


# --- The endpoints ----------------------------------------------------------------------


def endpoints(encoding):
    """(name, path or paths, headers, expected page-cache state) in measuring order."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    from tactics.models import Tactic

    slugs = list(Tactic.objects.published().order_by("pk").values_list("slug", flat=True))
    tactic = f"/tactics/{slugs[len(slugs) // 2]}/"
    spread = [f"/tactics/{slug}/" for slug in slugs[:: max(1, len(slugs) // 200)]]
    listing = "/tactics/?confidence=medium&confidence=high&platform=perplexity&order=score"
    gz = {"Accept-Encoding": encoding}
    bypass = {**BYPASS, **gz}
    rows = [
        ("static file", "/static/" + staticfiles_storage.stored_name("css/site.css"), gz, None),
        ("trivial view (robots.txt)", "/robots.txt", gz, None),
        ("tactic page, cached", tactic, gz, "hit"),
        ("tactic page, uncached", spread, bypass, "pass"),
        ("filtered list, cached", listing, gz, "hit"),
        ("filtered list, uncached", listing, bypass, "pass"),
        ("sources library, cached", "/sources/", gz, "hit"),
        ("sources library, uncached", "/sources/", bypass, "pass"),
    ]
    return rows


def verify(server, rows):
    """Each endpoint answers 200 as expected; print size and SQL queries per request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\n{'endpoint':28} {'status':>6} {'bytes sent':>10} {'queries':>7}  page cache")
    for name, paths, headers, state in rows:
        path = paths[0] if isinstance(paths, list) else paths
        for _ in range(30):  # every worker has its own local-memory cache to fill
            status, response_headers, body = serving.fetch(server.base + path, headers)
            if response_headers.get("X-Page-Cache", state) == state:
                break
        cookies = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        client.get(path, **cookies)
        with CaptureQueriesContext(connection) as queries:
            client.get(path, **cookies)
        got = response_headers.get("X-Page-Cache", "-")
        print(f"{name:28} {status:>6} {len(body):>10,} {len(queries):>7}  {got}")
        if status != 200 or (state and got != state):
            raise SystemExit(f"{name}: expected 200 and page cache {state}, got {status} {got}")


# --- Measuring --------------------------------------------------------------------------


def postgres_backends():
    """The server processes of every connection to our database (the workers' ones)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def measure(server, rows, args):
    results = {}
    for name, paths, headers, _state in rows:
        script = serving.lua_cycling(paths) if isinstance(paths, list) else None
        url = server.base + (paths[0] if isinstance(paths, list) else paths)
        # Warm-up. With stored parts on, each worker keeps its own (local-memory cache):
        # a minute, for every worker to render each of the 200 pages once on a busy machine.
        parts_warm = name == "tactic page, uncached" and not args.no_parts
        serving.run_wrk(url, 60 if parts_warm else 3, args.connections, script, headers)
        background = serving.wait_for_idle()
        cpu_before = server.cpu_seconds()
        pg_before = serving.postgres_cpu(postgres_backends())
        wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        figures, _output = serving.run_wrk(url, args.duration, args.connections, script, headers)
        wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        requests = max(figures["requests"], 1)
        figures["cpu_ms"] = (server.cpu_seconds() - cpu_before) * 1000 / requests
        pg_used = serving.cpu_delta(pg_before, serving.postgres_cpu(postgres_backends()))
        figures["pg_ms"] = pg_used * 1000 / requests
        wrk_cpu = (wrk_after.ru_utime + wrk_after.ru_stime) - (
            wrk_before.ru_utime + wrk_before.ru_stime
        )
        figures["wrk_ms"] = wrk_cpu * 1000 / requests
        figures["background"] = background
        results[name] = figures
        if script:
            os.unlink(script)
        print(
            f"  {name:28} {figures['rps']:>8,.0f} rps  p50 {figures['p50']:6.1f} ms"
            f"  p99 {figures['p99']:6.1f} ms  (idle wait saw {background:.2f} cores busy)"
        )
    return results


def report(runs):
    names = list(runs[0])
    print(
        "\n| Endpoint | rps | p50 ms | p99 ms | gunicorn CPU ms/req "
        "| PostgreSQL CPU ms/req | wrk CPU ms/req |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in names:
        cells = [[run[name] for run in runs]]
        figures = cells[0]

        def joined(key, fmt, figures=figures):
            return " / ".join(format(f[key], fmt) for f in figures)

        print(
            f"| {name} | {joined('rps', ',.0f')} | {joined('p50', '.1f')} | "
            f"{joined('p99', '.1f')} | {joined('cpu_ms', '.2f')} | {joined('pg_ms', '.2f')} | "
            f"{joined('wrk_ms', '.3f')} |"
        )
        errors = sum(f["non_2xx"] + f["socket_errors"] for f in figures)
        if errors:
            print(f"|   ({errors} non-2xx/3xx responses or socket errors) | | | | | |")
        spread = max(f["rps"] for f in figures) / max(min(f["rps"] for f in figures), 1e-9)
        if spread > 1.15:
            print(f"|   (runs differ by {spread - 1:.0%}: the machine was not quiet) | | | | | |")

    def ratio(top, bottom):
        return " / ".join(f"{run[top]['rps'] / run[bottom]['rps']:.3f}" for run in runs)

    def cpu_ratio(top, bottom):
        return " / ".join(
            f"{(run[bottom]['cpu_ms'] + run[bottom]['pg_ms']) / (run[top]['cpu_ms'] + run[top]['pg_ms']):.3f}"  # noqa: E501
            for run in runs
        )

    print("\n| Ratio (same run) | measured rps | from server CPU per request |")
    print("|---|---:|---:|")
    pairs = [
        ("cached tactic page / static file (target >= 0.7)", "tactic page, cached", "static file"),
        (
            "uncached tactic page / trivial view",
            "tactic page, uncached",
            "trivial view (robots.txt)",
        ),  # noqa: E501
        ("cached list / static file", "filtered list, cached", "static file"),
        ("uncached list / trivial view", "filtered list, uncached", "trivial view (robots.txt)"),
        (
            "uncached library / trivial view",
            "sources library, uncached",
            "trivial view (robots.txt)",
        ),
    ]
    for label, top, bottom in pairs:
        if top in names and bottom in names:  # --only may leave a pair out
            print(f"| {label} | {ratio(top, bottom)} | {cpu_ratio(top, bottom)} |")
    if "tactic page, cached" in names and "static file" in names:
        worst = min(run["tactic page, cached"]["rps"] / run["static file"]["rps"] for run in runs)
        print(f"\nCached tactic page / static file: {worst:.2f} in the worst run (target 0.70).")


def profile_uncached_tactic_page(rows, top=15):
    """cProfile of the uncached tactic page rendered in this process (same settings)."""
    from django.test import Client

    paths = next(p for name, p, _h, _s in rows if name == "tactic page, uncached")[:100]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE=BYPASS["Cookie"])  # uncompressed
    for path in paths:
        client.get(path)  # warm: templates compiled, connection open, parts stored
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for path in paths:
        client.get(path)
    profiler.disable()
    per_page = (time.perf_counter() - started) * 1000 / len(paths)
    stats = pstats.Stats(profiler)

    def cumulative_ms(file_part, function):
        return (
            sum(
                ct
                for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()
                if name == function and file_part in filename
            )
            * 1000
            / len(paths)
        )

    view = cumulative_ms("tactics/views/detail.py", "tactic_detail")
    # Every template the view renders goes through render_to_string (render() does too).
    template = cumulative_ms("django/template/loader.py", "render_to_string")
    sql = cumulative_ms("django/db/backends/utils.py", "_execute")
    context = cumulative_ms("tactics/detail_context.py", "build_detail_context")
    loading = cumulative_ms("django/shortcuts.py", "get_object_or_404")
    print(f"\nProfile of the uncached tactic page: {per_page:.1f} ms per page under cProfile")
    print(f"  the view:                          {view:6.1f} ms")
    print(f"    templates (render_to_string):    {template:6.1f} ms")
    print(f"    loading (get_object_or_404):     {loading:6.1f} ms")
    print(f"    build_detail_context:            {context:6.1f} ms")
    print(f"    SQL, all queries (_execute):     {sql:6.1f} ms (included in the lines above)")
    print(f"  middleware and handler:            {per_page - view:6.1f} ms")

    def show(title, order, restriction):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(restriction, top)
        lines = stream.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print(f"\n{title}:")
        for line in lines[start : start + top + 1]:
            print(line.replace(site_packages(), "").replace(str(ROOT) + "/", ""))

    show(f"Top {top} functions by own time", "tottime", ".")
    show(
        f"Top {top} of our own code by cumulative time",
        "cumulative",
        str(ROOT / "(tactics|sources|scoring|config)"),
    )


def site_packages():
    import django

    return str(Path(django.__file__).parent.parent) + "/"


def describe_machine():
    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(line.split()[1] for line in meminfo if "MemTotal" in line)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import django
    import gunicorn

    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)  # noqa: S607
    print(
        f"Machine: {os.cpu_count()} x {cpu}, {int(memory) / 1024 / 1024:.0f} GiB, "
        f"Linux {platform.release()}\nPython {platform.python_version()}, Django "
        f"{django.__version__}, gunicorn {gunicorn.__version__}, PostgreSQL {postgres}, "
        f"{(wrk.stdout or wrk.stderr).split(' [')[0]}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the existing dataset")
    parser.add_argument("--runs", type=int, default=2, help="measure every endpoint N times")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--no-parts",
        action="store_true",
        help="PAGE_CACHE=0: neither the page cache nor the tactic page's stored parts "
        "(tactics/fragments.py), so the uncached tactic page is rendered fully cold; the "
        "cached endpoints are then left out",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="measure only the endpoints whose name contains NAME (repeatable); the "
        "ratios need the endpoint each one is compared with, e.g. --only trivial "
        "--only 'tactic page, uncached'",
    )
    parser.add_argument(
        "--encoding",
        default="gzip",
        help="Accept-Encoding sent with every request (browsers send gzip; 'identity' "
        "measures uncompressed bodies)",
    )
    args = parser.parse_args()
    setup_django(**({"PAGE_CACHE": "0"} if args.no_parts else {}))
    from django.core.management import call_command

    from tactics.models import Tactic

    if not args.reuse or not Tactic.objects.exists():
        build_dataset(random.Random(2026))
    call_command("collectstatic", interactive=False, verbosity=0)
    describe_machine()
    # Production settings; worker recycling off so that no restart (a fresh import and an
    # empty local cache) lands inside a 15-second window. The access log stays on, as in
    # production, written to bench/results/bench_http.log.
    env = serving.production_env(GUNICORN_MAX_REQUESTS=0, MIGRATE=0)
    if args.no_parts:
        env["PAGE_CACHE"] = "0"
    with serving.Server(env, "bench_http.log") as server:
        workers = len(server.worker_pids())
        print(
            f"gunicorn: {workers} sync workers; wrk -t1 -c{args.connections} "
            f"-d{args.duration}s --latency; Accept-Encoding: {args.encoding}"
        )
        rows = endpoints(args.encoding)
        if args.only:
            rows = [row for row in rows if any(part in row[0] for part in args.only)]
        if args.no_parts:
            rows = [row for row in rows if row[3] != "hit"]
        print(
            "Uncached tactic page: "
            + ("fully cold (no stored parts)" if args.no_parts else "stored parts warm")
        )
        verify(server, rows)
        runs = []
        for number in range(1, args.runs + 1):
            print(f"\nRun {number}")
            runs.append(measure(server, rows, args))
    report(runs)
    if any(row[0] == "tactic page, uncached" for row in rows):
        profile_uncached_tactic_page(rows)


if __name__ == "__main__":
    main()
