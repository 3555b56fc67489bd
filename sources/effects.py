"""A stance's reported effect as one line a reader can quote: the figure in the words
every page uses (scoring.effects), then its interval and p-value where the source gives
them: "+33% citation rate, 95% CI +20% to +46%, p = 0.01"."""

from scoring.effects import effect_label, number
from sources.choices import EffectKind


def interval_words(kind: str, low, high) -> str:
    if low is None or high is None:
        return ""
    if kind == EffectKind.RELATIVE:
        return f"{number(low, True)}% to {number(high, True)}%"
    if kind == EffectKind.ABSOLUTE_PP:
        return f"{number(low, True)} to {number(high, True)} points"
    return f"{number(low, False)} to {number(high, False)}"


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
        parts.append(f"p = {number(stance.effect_p, False)}")
    return ", ".join(parts)
