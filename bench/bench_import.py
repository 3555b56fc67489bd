"""Benchmark of the import: 5,000 sources, then 20,000 stances, through the planner and
the applier the admin uses (the admin takes at most reading.MAX_ROWS rows a file; this
measures the machinery at scale). Not a test.

    .venv/bin/python bench/bench_import.py                       # SQLite in /tmp
    DATABASE_URL=postgres://user:pw@localhost/bench .venv/bin/python bench/bench_import.py

The target database is emptied first (the default is a throwaway SQLite file in /tmp).
Prints, for each file: rows, then the time, queries and peak resident memory of reading,
planning (the preview) and applying (the confirm's write, recompute on commit included).
"""

import csv
import io
import resource
import time

from database import use_database  # bench/ is first on sys.path when a script runs

use_database("import")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from sources.importing import apply, csv_format, plan_rows  # noqa: E402
from tactics.models import Category, Platform, Tactic  # noqa: E402

SOURCES, STANCES, TACTICS = 5_000, 20_000, 500
TYPES = ["peer_reviewed", "industry", "practitioner", "independent", "preprint"]
METHODS = ["controlled", "observational", "survey", "case_study"]
POSITIONS = ["improves", "no_effect", "worsens", "mixed"]
ORGANISATIONS = 300  # sources share them, as studies share their labs and vendors


def source_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, csv_format.SOURCE_COLUMNS)
    writer.writeheader()
    for n in range(SOURCES):
        organisation = n % ORGANISATIONS
        lab = n % 5 == 0
        writer.writerow(
            {
                "title": f"Study {n} of AI search citations",
                "url": f"https://bench.example.org/studies/{n}",
                "doi": f"10.5555/bench.{n}" if n % 2 else "",
                "organisation": f"Organisation {organisation}",
                "venue": f"Venue {n % 40}",
                "authors": f"Author {n}, A.; Author {n + 1}, B.",
                "published_on": f"{2020 + n % 6}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "source_type": TYPES[n % len(TYPES)],
                "method": METHODS[n % len(METHODS)],
                "sample_size": str(100 * (1 + n % 50)),
                "sample_unit": "pages",
                "platforms": "" if lab else ("chatgpt;perplexity" if n % 3 else "google-aio"),
                "live_tested_on": "" if lab else f"{2020 + n % 6}-01-15",
                "lab_engine": "GPT-4o-mini (2024-07-18) over ten results" if lab else "",
                "sells_related_product": "yes" if organisation % 7 == 0 else "no",
                "second_hand": "no",
                "summary": "What the study did and found.",
            }
        )
    return out.getvalue()


def stance_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, csv_format.STANCE_COLUMNS)
    writer.writeheader()
    for n in range(STANCES):
        source, tactic = n % SOURCES, (n // SOURCES + 4 * n) % TACTICS
        reference = (
            f"10.5555/bench.{source}"
            if source % 2
            else f"https://bench.example.org/studies/{source}"
        )
        effect = n % 2 == 0
        writer.writerow(
            {
                "source": reference,
                "tactic": f"tactic-{tactic}",
                "position": POSITIONS[n % len(POSITIONS)],
                "directness": "direct",
                "finding": f"Finding {n}.",
                "effect_measure": "citation_rate" if effect else "",
                "effect_kind": "relative" if effect else "",
                "effect_value": str(n % 60 - 20) if effect else "",
                "effect_low": str(n % 60 - 30) if effect else "",
                "effect_high": str(n % 60 - 10) if effect else "",
                "effect_p": "0.04" if effect else "",
                "effect_quote": f"Citations changed by {n % 60 - 20}%." if effect else "",
            }
        )
    return out.getvalue()


def measure(label: str, work):
    """Time, queries and the process's peak resident memory so far (tracemalloc would
    slow the run several times over)."""
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(counting):
        result = work()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {label:<6} {elapsed:6.1f} s {count[0]:>8,} queries  peak RSS {peak:5.0f} MiB")
    return result


def run(kind: str, text: str) -> None:
    columns = csv_format.SOURCE_COLUMNS if kind == "sources" else csv_format.STANCE_COLUMNS
    required = csv_format.SOURCE_REQUIRED if kind == "sources" else csv_format.STANCE_REQUIRED
    user = get_user_model().objects.get(username="bench")
    with mock_row_limit():
        rows, _notes = measure("read", lambda: csv_format.read_csv(text, kind, columns, required))
    print(f"{kind}: {len(rows):,} rows, {len(text.encode()) / 2**20:.1f} MiB")
    plan = measure("plan", lambda: plan_rows(kind, "CSV", rows, user=user))
    counts = {status: plan.count(status) for status in ("new", "updated", "error")}
    outcome = measure("apply", lambda: apply(plan, user=user, reason=f"Imported from {kind}.csv"))
    print(f"  {counts} -> {outcome}")


class mock_row_limit:
    """The admin's row limit is for one upload; the benchmark reads the whole file."""

    def __enter__(self):
        self.saved = csv_format.check_row_count
        csv_format.check_row_count = lambda rows, name: None

    def __exit__(self, *exc):
        csv_format.check_row_count = self.saved


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    get_user_model().objects.create_user("bench", is_staff=True)
    category = Category.objects.create(name="Bench", slug="bench")
    for slug in ("chatgpt", "perplexity", "google-aio"):
        Platform.objects.create(slug=slug, name=slug.title())
    Tactic.objects.bulk_create(
        Tactic(
            slug=f"tactic-{n}",
            question=f"Does tactic {n} improve AI search citation rates?",
            action_name=f"applying tactic {n}",
            category=category,
            lede="Lede.",
            verdict="the studies measured citation rates.",
            status="published",
        )
        for n in range(TACTICS)
    )
    print(f"Database: {connection.vendor}")
    total = time.perf_counter()
    run("sources", source_csv())
    run("stances", stance_csv())
    print(f"Total {time.perf_counter() - total:.0f} s")


if __name__ == "__main__":
    main()
