"""Benchmark of the nightly recompute: 2,000 tactics, 60,000 stances. Not a test.

    .venv/bin/python bench/bench_recompute.py                       # SQLite in /tmp
    DATABASE_URL=postgres://user:pw@localhost/bench .venv/bin/python bench/bench_recompute.py

The target database is emptied first (the default is a throwaway SQLite file in /tmp).
Prints the dataset size and the time and queries of `manage.py recompute_scores`:
a cold run (every tactic changes and is written) and a warm run (nothing changed, the
usual night).
"""

import os
import random
import time
from collections import Counter
from datetime import date, timedelta

from database import use_database  # bench/ is first on sys.path when a script runs

use_database("recompute")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sources.choices import Directness, Method, Position, SourceType  # noqa: E402
from sources.models import Organisation, Source, Stance  # noqa: E402
from tactics.models import Category, Platform, Tactic  # noqa: E402

TACTICS = 2_000
STANCES_PER_TACTIC = 30
SOURCES = 6_000
PLATFORMS = ["chatgpt", "perplexity", "google-aio", "google-ai-mode", "gemini", "copilot"]


def generate(rng: random.Random) -> None:
    category = Category.objects.create(name="Bench", slug="bench")
    platforms = [Platform.objects.create(slug=s, name=s.title()) for s in PLATFORMS]
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
    # Who did the research: 400 organisations, 40% of them selling a related product (the
    # evidence of those is rated down), shared by the sources as publishers are.
    Organisation.objects.bulk_create(
        Organisation(name=f"Publisher {n}", sells_related_product=rng.random() < 0.4)
        for n in range(400)
    )
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    start = date(2022, 1, 1)
    Source.objects.bulk_create(
        Source(
            title=f"Study {n}",
            url=f"https://example.org/study/{n}",
            url_normalised=f"example.org/study/{n}",
            organisation_id=organisations[n % len(organisations)],
            published_on=start + timedelta(days=rng.randrange(1_750)),
            source_type=rng.choice(list(SourceType)),
            method=rng.choice(list(Method)),
            sample_size=rng.choice([None, 50, 800, 5_000, 75_000]),
        )
        for n in range(SOURCES)
    )
    source_ids = list(Source.objects.values_list("pk", flat=True))
    Source.platforms.through.objects.bulk_create(
        Source.platforms.through(source_id=s, platform_id=p.pk)
        for s in source_ids
        for p in rng.sample(platforms, rng.randint(0, 3))
    )
    positions = [Position.IMPROVES] * 6 + [Position.NO_EFFECT] * 3 + [Position.MIXED]
    stances = (
        Stance(
            tactic_id=tactic_id,
            source_id=source_id,
            position=rng.choice(positions),
            directness=rng.choice(list(Directness)),
            finding="Finding.",
        )
        for tactic_id in Tactic.objects.values_list("pk", flat=True)
        for source_id in rng.sample(source_ids, STANCES_PER_TACTIC)
    )
    Stance.objects.bulk_create(stances, batch_size=5_000)


def timed_run(label: str) -> None:
    started = time.perf_counter()
    call_command("recompute_scores", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"{label}: {time.perf_counter() - started:.1f} s")


def main() -> None:
    print(f"Database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    generate(random.Random(2026))
    print(
        f"Generated {Tactic.objects.count():,} tactics, {Source.objects.count():,} sources, "
        f"{Stance.objects.count():,} stances in {time.perf_counter() - started:.1f} s"
    )
    timed_run("Cold run (every tactic written, snapshots recorded)")
    timed_run("Warm run (nothing changed, the usual night)")
    with CaptureQueriesContext(connection) as queries:
        call_command("recompute_scores", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    levels = Counter(Tactic.objects.values_list("confidence", flat=True))
    print("Confidence of the random tactics:", dict(sorted(levels.items())))
    print(
        f"Queries in a warm run: {len(queries.captured_queries)} "
        f"({len(queries.captured_queries) / TACTICS:.3f} per tactic)"
    )


if __name__ == "__main__":
    main()
