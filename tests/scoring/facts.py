"""Builders for the engine's plain inputs (no database)."""

import itertools
from datetime import date

from scoring.engine import SourceFacts, StanceFacts
from sources.choices import Directness, Method, Position, SourceType

AS_OF = date(2026, 11, 25)
_ids = itertools.count(1)


def stance(
    position=Position.IMPROVES,
    *,
    publisher=None,
    source_type=SourceType.INDEPENDENT,
    method=Method.OBSERVATIONAL,
    published_on=date(2026, 5, 1),
    sample_size=1_000,
    directness=Directness.DIRECT,
    platforms=("google-aio",),
    vendor_interest=False,
):
    n = next(_ids)
    return StanceFacts(
        stance_id=n,
        position=position,
        directness=directness,
        source=SourceFacts(
            source_id=n,
            organisation=publisher or f"Organisation {n}",
            source_type=source_type,
            method=method,
            published_on=published_on,
            sample_size=sample_size,
            platforms=frozenset(platforms),
            vendor_interest=vendor_interest,
        ),
    )
