"""Whole-page cache for anonymous visitors with exact invalidation (filled in by issue 5)."""


def connect_invalidation_signals():
    """Called once from TacticsConfig.ready()."""
