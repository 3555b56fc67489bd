"""Builders for the engine's plain inputs (no database)."""

import itertools
from datetime import date

from scoring.engine import Effect, SourceFacts, StanceFacts
from sources.choices import Directness, Method, Position, SourceType

AS_OF = date(2026, 11, 25)
_ids = itertools.count(1)


def stance(
    position=Position.IMPROVES,
    *,
    organisation=None,
    source_type=SourceType.INDEPENDENT,
    method=Method.OBSERVATIONAL,
    published_on=date(2026, 5, 1),
    sample_size=1_000,
    directness=Directness.DIRECT,
    platforms=("google-aio",),
    vendor_interest=False,
    lab_engine="",
    effect=None,
):
    n = next(_ids)
    return StanceFacts(
        stance_id=n,
        position=position,
        directness=directness,
        source=SourceFacts(
            source_id=n,
            organisation=organisation or f"Organisation {n}",
            source_type=source_type,
            method=method,
            published_on=published_on,
            sample_size=sample_size,
            platforms=frozenset(platforms),
            vendor_interest=vendor_interest,
            lab_engine=lab_engine,
        ),
        effect=effect,
    )


def effect(kind, value, label=""):
    """A reported effect for a stance: effect("relative", "33")."""
    from decimal import Decimal

    return Effect(kind, Decimal(value), label)
