"""A reported effect in words, the same on every page: "+33% citation rate",
"−2.5 points share of answers citing", "r = 0.218 visibility score", "OR 1.9 …"."""

from decimal import Decimal

from sources.choices import EffectKind, EffectMeasure

MINUS = "\u2212"


def number(value: Decimal, signed: bool) -> str:
    """A figure as printed: a true minus sign, and a plus when `signed` and positive."""
    value = Decimal(value)
    text = f"{abs(value).normalize():f}"
    if value < 0:
        return f"{MINUS}{text}"
    return f"+{text}" if signed and value > 0 else text


def effect_label(kind: str, value: Decimal | None, measure: str = "") -> str:
    """The effect as a reader quotes it; empty when none was reported."""
    if value is None or not kind:
        return ""
    value = Decimal(value)
    what = EffectMeasure(measure).label.lower() if measure in EffectMeasure.values else ""
    if kind == EffectKind.RELATIVE:
        figure = f"{number(value, signed=True)}%"
    elif kind == EffectKind.ABSOLUTE_PP:
        unit = "point" if abs(value) == 1 else "points"
        figure = f"{number(value, signed=True)} {unit}"
    elif kind == EffectKind.CORRELATION:
        figure = f"r = {number(value, signed=False)}"
    else:
        figure = f"odds ratio {number(value, signed=False)}"
    return f"{figure} {what}".strip()
