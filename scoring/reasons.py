"""What a score snapshot says about why the score moved, in words a visitor understands.

Built from the instance a signal already holds, with no query of its own: a stance names
its source only when the source is loaded with it (the admin's inline forms and most code
paths); otherwise the wording falls back to "a source". Reasons are stored with each
ScoreSnapshot and shown beside the tactic's score history.
"""

import re

from sources.choices import Position
from tactics.grammar import count_noun

LIMIT = 200  # ScoreSnapshot.reason's length

FIXTURE = "Loaded from a data file"
BULK = "Bulk import"
DAILY = "Daily recompute: sources aged"
OPERATOR = "Recomputed by an operator"
GENERIC = "Evidence changed"

_POSITIONS = {
    Position.IMPROVES: "found it helps",
    Position.NO_EFFECT: "found no effect",
    Position.WORSENS: "found it harms",
    Position.MIXED: "mixed results",
}
_SOURCE_FIELDS = {
    "organisation": "organisation",
    "source_type": "type",
    "method": "method",
    "published_on": "date",
    "sample_size": "sample size",
    "lab_engine": "engine tested",
}
_MORE = re.compile(r" and (\d+) more changes?$")


def source_label(source) -> str:
    """ "Ahrefs, 75,000 brands": who did the research and how large it was. (One look-up
    of the organisation when the caller has not loaded it: one per save, never per row.)"""
    sample = source.sample_label if source.sample_size else ""
    who = source.organisation.name if source.organisation_id else ""
    return ", ".join(part for part in (who, sample) if part) or "a source"


def organisation_changed(organisation) -> str:
    return f"Organisation changed: {organisation.name} (commercial interest)"


def _stance_source(stance) -> str:
    field = stance._meta.get_field("source")
    return source_label(stance.source) if field.is_cached(stance) else "a source"


def _position(stance) -> str:
    return _POSITIONS.get(stance.position, str(stance.position))


def stance_added(stance) -> str:
    return f"Added: {_stance_source(stance)} ({_position(stance)})"


def stance_changed(stance) -> str:
    if getattr(stance, "withdrawn_at", None):
        return f"Withdrawn: {_stance_source(stance)} (see the corrections log)"
    return f"Changed: {_stance_source(stance)} (now {_position(stance)})"


def stance_moved_away(stance) -> str:
    return f"Removed: {_stance_source(stance)} (moved to another tactic)"


def stance_removed(stance) -> str:
    return f"Removed: {_stance_source(stance)} ({_position(stance)})"


def source_changed(source, fields) -> str:
    """`fields`: the names of the scored attributes that changed (empty: not known)."""
    if "withdrawn_at" in fields:
        verb = "Withdrawn" if source.withdrawn_at else "Reinstated"
        return f"{verb}: {source_label(source)} (see the corrections log)"
    fields = [name for name in _SOURCE_FIELDS if name in set(fields)]
    if fields == ["published_on"] and source.published_on:
        return f"Source re-dated: {source_label(source)} (now {source.published_on:%-d %b %Y})"
    what = ", ".join(_SOURCE_FIELDS[name] for name in fields)
    return f"Source changed: {source_label(source)}" + (f" ({what})" if what else "")


def source_platforms_changed(source) -> str:
    return f"Platforms changed: {source_label(source)}"


def platform_sources_changed(platform) -> str:
    return f"Platforms changed: sources of {platform.name}"


def platform_removed(platform) -> str:
    return f"Platform removed: {platform.name}"


def status_changed(status) -> str:
    return "Published" if status == "published" else "Back to draft"


def combine(old: str, new: str, limit: int = LIMIT) -> str:
    """Both reasons in one, within `limit` characters: what a merged snapshot says.

    Repeats are dropped; once there is no room, the tail counts what is left out
    ("… and 3 more changes").
    """
    old, new = old.strip(), new.strip()
    if not old or new in old.split("; "):
        return (old or new)[:limit]
    if not new:
        return old[:limit]
    if not _MORE.search(old) and len(joined := f"{old}; {new}") <= limit:
        return joined
    match = _MORE.search(old)
    head, more = (old[: match.start()], int(match.group(1)) + 1) if match else (old, 1)
    tail = f" and {count_noun(more, 'more change')}"
    if len(head) + len(tail) > limit:
        head = head[: limit - len(tail) - 1].rstrip(" ;,") + "…"
    return head + tail


def combine_all(reasons) -> str:
    text = ""
    for reason in reasons:
        text = combine(text, reason)
    return text or GENERIC
