"""A stance's reported effect as one line a reader can quote: the figure in the words
every page uses (scoring.effects), then its interval and p-value where the source gives
them: "+33% citation rate, 95% CI +20% to +46%, p = 0.01"."""

from decimal import Decimal

from scoring.effects import MINUS, effect_label
from sources.choices import EffectKind


def _plain(value: Decimal, signed: bool) -> str:
    text = f"{abs(Decimal(value)).normalize():f}"
    if value < 0:
        return f"{MINUS}{text}"
    return f"+{text}" if signed and value > 0 else text


def interval_words(kind: str, low, high) -> str:
    if low is None or high is None:
        return ""
    if kind == EffectKind.RELATIVE:
        return f"{_plain(low, True)}% to {_plain(high, True)}%"
    if kind == EffectKind.ABSOLUTE_PP:
        return f"{_plain(low, True)} to {_plain(high, True)} points"
    return f"{_plain(low, False)} to {_plain(high, False)}"


def effect_words(stance) -> str:
    """The whole reported effect, or "" when the stance records none."""
    figure = effect_label(stance.effect_kind, stance.effect_value, stance.effect_measure)
    if not figure:
        return ""
    parts = [figure]
    interval = interval_words(stance.effect_kind, stance.effect_low, stance.effect_high)
    if interval:
        parts.append(f"95% CI {interval}")
    if stance.effect_p is not None:
        parts.append(f"p = {_plain(stance.effect_p, False)}")
    return ", ".join(parts)
