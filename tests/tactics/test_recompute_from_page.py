"""A visitor can recompute every published grade by hand, from the pages alone.

The demo data is loaded and scored as the admin would; then each published tactic page
and the methodology page are fetched over HTTP, and the grade is recomputed from what
they show: the "why this score" table (stance, weight, points and reasons per source;
the rating-down lines; the confidence reasons) and the numbers the methodology page
publishes. Nothing is imported from the scoring code: if the page rounds or truncates a
figure the engine uses, or keeps a rule unpublished, the recomputation misses.
"""

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import floor

import pytest
from django.core.management import call_command

from tactics.models import Tactic
from tests.tactics.html_tree import find, find_all, parse, text

pytestmark = pytest.mark.django_db

ONE = Fraction(1)


def number(value: str) -> Fraction:
    """A printed figure ("60%", "0.127008", "1,000", "−0.50") as an exact fraction."""
    value = value.strip().replace(",", "").replace("−", "-")
    if value.endswith("%"):
        return Fraction(value[:-1]) / 100
    return Fraction(value)


def round1(value: Fraction) -> Decimal:
    """The published rounding: half up to one decimal."""
    tenths = floor(abs(value) * 10 + Fraction(1, 2))
    return Decimal(tenths if value >= 0 else -tenths).scaleb(-1).quantize(Decimal("0.1"))


@dataclass
class Rules:
    """The numbers the methodology page publishes, read from its visible text."""

    rule: dict[str, str]
    factors: dict[str, dict[str, Fraction]]
    bands: list[tuple[Fraction, str, str]]  # (minimum score, level, as printed), highest first
    levels: list[str]  # lowest first
    caps: dict[str, tuple[str, str]]  # key -> (level, reason)
    conclusions: list[tuple[str, str]]  # (firm, leaning) direction labels, in the rule's order

    def num(self, key: str) -> Fraction:
        return number(self.rule[key])


def read_rules(html: str) -> Rules:
    tree = parse(html)
    rule = {
        el.attrs["data-rule"]: text(el).strip() for el in find_all(tree) if "data-rule" in el.attrs
    }
    factors = {}
    for table in find_all(tree, "table"):
        if "data-factor" in table.attrs:
            rows = {}
            for row in find_all(find(table, "tbody"), "tr"):
                rows[text(find(row, "th")).strip()] = number(text(find(row, "td")))
            factors[table.attrs["data-factor"]] = rows
    bands, levels = [], []
    for row in find_all(tree, "tr", cls="confidence-band"):
        label, level = text(find(row, "th")).strip(), text(find(row, "td")).strip()
        levels.insert(0, level)
        if label.endswith(" or more"):
            minimum = label.removesuffix(" or more")
            bands.append((number(minimum), level, minimum))
    caps = {
        row.attrs["data-cap"]: (
            text(find(row, "td", cls="cap-level")).strip(),
            text(find(row, "td", cls="cap-reason")).strip(),
        )
        for row in find_all(tree, "tr")
        if "data-cap" in row.attrs
    }
    conclusions = [
        (text(find(row, "th")).strip(), text(find(row, "td")).strip())
        for row in find_all(tree, "tr", cls="direction-rule")
    ]
    return Rules(rule, factors, bands, levels, caps, conclusions)


@dataclass
class Row:
    position: str
    weight: Fraction
    points: Decimal
    reasons: list[str]
    organisation: str
    vendor: bool
    platforms: frozenset[str]
    index: int

    @property
    def factors(self) -> list[str]:
        """The reasons behind the weight: every reason but the last, which says what the
        source earned or how it weighed."""
        return self.reasons[:-1]

    @property
    def lab_only(self) -> bool:
        return any(reason.startswith(LAB) for reason in self.factors)


def read_why_table(section) -> list[Row]:
    rows = []
    for index, tr in enumerate(find_all(section, "tr", cls="tactic-why__row--source")):
        platforms = text(find(tr, "span", cls="tactic-why__platforms")).strip()
        rows.append(
            Row(
                position=text(find(tr, "td", cls="tactic-why__stance")).strip(),
                weight=number(text(find(tr, "td", cls="tactic-why__weight"))),
                points=Decimal(text(find(tr, "td", cls="tactic-why__points")).strip()),
                reasons=[text(el).strip() for el in find_all(tr, "span", cls="tactic-why__reason")],
                organisation=text(find(tr, "span", cls="tactic-why__organisation")).strip(),
                vendor=bool(find_all(tr, "span", cls="tactic-why__vendor")),
                platforms=frozenset(
                    () if platforms == "no live AI platform" else platforms.split(", ")
                ),
                index=index,
            )
        )
    return rows


def read_page(html: str):
    tree = parse(html)
    section = find(tree, "section", cls="tactic-why")
    adjustments = [
        (
            text(find(tr, "th")).strip(),
            text(find(tr, "td", cls="tactic-why__reasons-cell")).strip(),
            Decimal(text(find(tr, "td", cls="tactic-why__points")).strip()),
        )
        for tr in find_all(section, "tr", cls="tactic-why__row--adjustment")
    ]
    reasons_list = find_all(section, "ul", cls="tactic-why__reasons")
    confidence_reasons = (
        [text(li).strip() for li in find_all(reasons_list[0], "li")] if reasons_list else []
    )
    total = Decimal(text(find(find(section, "tr", cls="tactic-why__total"), "td")).strip())
    score = re.fullmatch(r"score (\d+\.\d)/35", text(find(tree, "span", cls="tactic-meta__score")))
    confidence = text(find(tree, "span", cls="tactic-meta__confidence")).strip()
    grid = {}
    for tr in find_all(tree, "tr", cls="tactic-platforms__row"):
        cells = [text(td).strip() for td in find_all(tr, "td")]
        grid[text(find(tr, "th")).strip()] = {
            "direction": cells[0],
            "confidence": cells[2],
            "score": Decimal(cells[3].removesuffix("/35")),
            "sources": int(cells[4].split()[0]),
        }
    return {
        "rows": read_why_table(section),
        "adjustments": adjustments,
        "confidence_reasons": confidence_reasons,
        "total": total,
        "score": Decimal(score.group(1)),
        "confidence": confidence.removesuffix(" confidence"),
        "direction": text(find(tree, "span", cls="tactic-meta__direction")).strip(),
        "grid": grid,
    }


def factor_for(rules: Rules, table: str, reason: str) -> Fraction:
    """The methodology table's factor for the fact a reason states."""
    rows = rules.factors[table]
    fact = reason.split(": counts ")[0]
    if table in ("method", "source-type"):
        return next(f for label, f in rows.items() if label.lower() == fact)
    if table == "directness":
        return next(
            f for label, f in rows.items() if label.split(":")[0].lower() == fact.split()[0]
        )
    if table == "sample":
        if fact == "no sample size given":
            return rows["Not given"]
        size = int(fact.removeprefix("sample of ").replace(",", ""))
        return band(rows, size)
    if fact == "no publication date":
        return next(f for label, f in rows.items() if label.endswith("or no date"))
    months = int(re.fullmatch(r"published (\d+) months? ago", fact).group(1))
    return band(rows, months)


def band(rows: dict[str, Fraction], value: int) -> Fraction:
    """The row of a banded table that holds a value ("1,000 to 9,999", "up to 12 months")."""
    for label, factor in rows.items():
        label = label.lower()
        bounds = [int(n) for n in re.findall(r"\d+", label.replace(",", ""))]
        if not bounds:
            continue
        if label.endswith(" or more"):
            holds = value >= bounds[0]
        elif label.startswith("up to "):
            holds = value <= bounds[0]
        elif label.startswith("under "):
            holds = value < bounds[0]
        elif label.startswith("over "):
            holds = value > bounds[0]
        else:
            holds = bounds[0] <= value <= bounds[1]
        if holds:
            return factor
    raise AssertionError(f"no band for {value} in {list(rows)}")


LAB = "a simulated engine, not a live AI platform"
OUTCOMES = ("Improves visibility", "Worsens visibility", "No detectable effect")  # rule order
MIXED = "Mixed: helps in some settings, not in others"


def check_weight(rules: Rules, row: Row) -> None:
    """The printed weight is the product of the published factors for the facts shown."""
    tables = ["method", "source-type", "sample", "directness", "recency"]
    expected = ONE
    for table, reason in zip(tables, row.factors, strict=False):
        factor = factor_for(rules, table, reason)
        shown = reason.split(": counts ")
        assert (number(shown[1]) if len(shown) == 2 else ONE) == factor, reason
        expected *= factor
    if row.lab_only:
        assert row.factors[5] == f"{LAB}: counts {rules.rule['lab-weight']}"
        expected *= rules.num("lab-weight")
    assert len(row.factors) == 5 + row.lab_only, row.reasons
    assert row.weight == expected, (row.reasons, row.weight, expected)


def is_method(row: Row, labels) -> bool:
    return row.factors[0].split(": counts ")[0] in labels


def directness(row: Row) -> str:
    return row.factors[3].split()[0]


def stale(rules: Rules, row: Row) -> bool:
    age = re.match(r"published (\d+) months? ago", row.factors[4])
    return age is None or int(age.group(1)) > rules.num("stale-after-months")


def weights(rows: list[Row]) -> dict[str, Fraction]:
    return {
        outcome: sum((r.weight for r in rows if r.position == outcome), Fraction(0))
        for outcome in (*OUTCOMES, MIXED)
    }


def direction(rules: Rules, rows: list[Row]) -> str:
    """The published rule: the first conclusion, in order, whose net weight reaches the
    firm threshold, else the first that reaches the leaning one, else mixed."""
    weight = weights(rows)
    total = sum(weight.values(), Fraction(0))
    if not total:
        return rules.conclusions[-1][0]
    for threshold, pick in ((rules.num("firm-net"), 0), (rules.num("leaning-net"), 1)):
        for outcome, labels in zip(OUTCOMES, rules.conclusions, strict=False):
            others = sum(weight[o] for o in OUTCOMES if o != outcome)
            if (weight[outcome] - others) / total >= threshold:
                return labels[pick]
    return rules.conclusions[-1][0]


def score_side(rules, rows, lead, shown_direction, contested, scope):
    """The published rules with `lead` as the scored outcome: points, rating down, confidence."""
    group = sorted((r for r in rows if r.position == lead), key=lambda r: (-r.weight, r.index))
    points, decay = {}, ONE
    for row in group:
        points[row.index] = round1(rules.num("points-per-source") * row.weight * decay)
        decay *= rules.num("rank-decay")
    shown = sum(points.values(), Decimal("0.0"))
    exact = Fraction(shown)
    adjustments = []

    def step(label, factor):
        nonlocal exact, shown
        exact *= factor
        adjustments.append((label, round1(exact) - shown, factor))
        shown = round1(exact)

    weight = weights(rows)
    total = sum(weight.values(), Fraction(0))
    disagree = total - weight[lead] - weight[MIXED] + rules.num("mixed-share") * weight[MIXED]
    if disagree:
        step("inconsistency", (total - disagree) / total)
    platforms = frozenset().union(*(r.platforms for r in group))
    lab_only = all(r.lab_only for r in group)
    narrow = scope is None and not lab_only and len(platforms) < rules.num("min-platforms")
    if narrow:
        step("narrow coverage", 1 - rules.num("narrow-coverage-loses"))
    if exact > rules.num("max-score"):
        adjustments.append(("maximum", round1(rules.num("max-score")) - shown, None))
        shown = round1(rules.num("max-score"))

    experimental = [
        r
        for r in group
        if is_method(r, rules.rule["experimental-methods"].split(", "))
        and directness(r) != "indirect"
    ]
    organisations = {
        r.organisation for r in group if r.weight >= rules.num("replication-min-weight")
    }
    applies = {
        "no-experiment": not experimental,
        "no-direct-controlled": not any(
            is_method(r, ["controlled experiment"]) and directness(r) == "direct"
            for r in experimental
        ),
        "lab-only": bool(experimental) and all(r.lab_only for r in experimental),
        "few-organisations": len(organisations) < rules.num("min-organisations"),
        "few-platforms": narrow,
        "contested": contested,
        "mixed": shown_direction == rules.conclusions[-1][0],
        "vendor-only": all(r.vendor for r in group),
        "stale": all(stale(rules, r) for r in group),
    }
    assert applies.keys() == rules.caps.keys(), "a cap the page does not explain"
    band = next((lvl for minimum, lvl, _ in rules.bands if shown >= minimum), rules.levels[0])
    level = rules.levels.index(band)
    reasons = []
    if level < len(rules.levels) - 1:
        above = rules.levels[level + 1]
        minimum = next(printed for _, lvl, printed in rules.bands if lvl == above)
        reasons.append(f"The score is below {minimum}, the minimum for {above}")
    for key, (cap, reason) in rules.caps.items():
        if applies[key]:
            level = min(level, rules.levels.index(cap))
            reasons.append(f"At most {cap}: {reason[0].lower()}{reason[1:]}")
    return shown, level, points, adjustments, reasons


def recompute(rules: Rules, rows: list[Row], scope: str | None = None):
    weight = weights(rows)
    shown_direction = direction(rules, rows)
    backed = sorted((weight[o] for o in OUTCOMES), reverse=True)
    contested = backed[1] > 0 and backed[1] >= backed[0] * rules.num("contested-share")
    heaviest = backed[0]
    # The published tie rule: each tied conclusion scored, the better grade, in rule order.
    leads = [o for o in OUTCOMES if weight[o] == heaviest and any(r.position == o for r in rows)]
    if not leads:  # mixed findings alone
        return Decimal("0.0"), 0, {}, [], None, shown_direction
    outcomes = [score_side(rules, rows, lead, shown_direction, contested, scope) for lead in leads]
    best = max(outcomes, key=lambda o: (o[0], o[1]))
    return (*best, shown_direction)


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    return list(Tactic.objects.published().order_by("slug"))


def test_every_published_grade_recomputes_exactly_from_its_page(client, demo):
    rules = read_rules(client.get("/methodology/").content.decode())
    assert rules.caps and rules.bands and rules.factors.keys() >= {"method", "recency"}
    rated_down_for_inconsistency = platform_grades = 0
    directions = set()
    for tactic in demo:
        response = client.get(tactic.get_absolute_url())
        assert response.status_code == 200
        page = read_page(response.content.decode())
        rows = page["rows"]
        assert rows, tactic.slug
        for row in rows:
            check_weight(rules, row)

        score, level, points, adjustments, reasons, shown_direction = recompute(rules, rows)

        where = f"{tactic.slug}: page {page['score']} {page['confidence']}"
        assert score == page["score"] == page["total"], where
        assert rules.levels[level] == page["confidence"], where
        assert shown_direction == page["direction"], where
        directions.add(shown_direction)
        for row in rows:
            assert row.points == points.get(row.index, Decimal("0.0")), (where, row.reasons)
        assert len(adjustments) == len(page["adjustments"]), where
        for (key, change, factor), (label, reason, shown) in zip(
            adjustments, page["adjustments"], strict=True
        ):
            assert key in label.lower() and change == shown, (where, label, reason)
            if key == "inconsistency":
                rated_down_for_inconsistency += 1
                kept, total = re.search(r"keeps ([\d.]+)/([\d.]+)$", reason).groups()
                assert number(kept) / number(total) == factor, (where, reason)
        if reasons is not None:
            assert page["confidence_reasons"] == reasons, where

        # Each platform's own grade: the same rules on the sources that tested it live,
        # plus the lab studies; narrow coverage is not rated down within one platform.
        for name, grade in page["grid"].items():
            body = [r for r in rows if name in r.platforms or r.lab_only]
            assert len(body) == grade["sources"], (where, name)
            p_score, p_level, *_, p_direction = recompute(rules, body, scope=name)
            assert (p_score, rules.levels[p_level], p_direction) == (
                grade["score"],
                grade["confidence"],
                grade["direction"],
            ), (where, name)
            platform_grades += 1
    assert len(demo) >= 10 and rated_down_for_inconsistency >= 3
    assert platform_grades >= len(demo)
    # The demo reads works, no effect and harms apart (issue 9).
    assert {"No effect", "Probably harms"} & directions and len(directions) >= 3
