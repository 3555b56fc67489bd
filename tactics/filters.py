"""The public list's filters. Every state lives in the query string, so a filtered view
can be bookmarked and shared; a parameter that fails validation is left out and reported
(see `problems`), never turned into an error page."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)

from scoring.models import PlatformGrade
from scoring.rubric import CONFIDENCE_ORDER, IMPACT_ORDER
from tactics.choices import Confidence, Direction, Impact, Status
from tactics.models import MAX_SCORE, Category, Platform, Tactic
from web.lists import ReadableProblems

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 12
SEARCH_FIELDS = ("question", "action_name", "verdict", "lede", "body")
SEARCH_CONFIG = "english"

# Sort keys shown in the URL, and the columns behind each (stable tie-breakers last).
ORDERINGS = {
    "score": ("Highest score first", ("-evidence_score", "question", "pk")),
    "-score": ("Lowest score first", ("evidence_score", "question", "pk")),
    "updated": ("Recently updated", ("-updated_at", "question", "pk")),
    "title": ("Title, A to Z", ("question", "pk")),
    "impact": (
        "Largest impact first",
        (F("impact_rank").desc(), "-evidence_score", "question", "pk"),
    ),
    "platform": (
        "Highest score on the chosen platform",
        (F("grade_here_score").desc(nulls_last=True), "-evidence_score", "question", "pk"),
    ),
}
DEFAULT_ORDERING = ORDERINGS["score"][1]

# A reported impact, largest first; "not reported" last.
IMPACT_RANK = Case(
    *(When(impact=value, then=Value(rank)) for rank, value in enumerate(IMPACT_ORDER, start=1)),
    default=Value(0),
    output_field=IntegerField(),
)

# "Works on ChatGPT": a firm or leaning direction is what a reader means, so the groups
# come first; a single direction can still be chosen.
DIRECTION_GROUPS = {
    "works_any": ("Works or probably works", (Direction.WORKS, Direction.LEANS_WORKS)),
    "no_effect_any": (
        "No effect or probably no effect",
        (Direction.NO_EFFECT, Direction.LEANS_NO_EFFECT),
    ),
    "harms_any": ("Harms or probably harms", (Direction.HARMS, Direction.LEANS_HARMS)),
}
PLATFORM_DIRECTIONS = [(key, label) for key, (label, _) in DIRECTION_GROUPS.items()] + [
    (value, label) for value, label in Direction.choices if value != Direction.NO_EVIDENCE
]
MINIMUM_CONFIDENCE = [
    (Confidence.LOW, "Low or better"),
    (Confidence.MEDIUM, "Medium or better"),
    (Confidence.HIGH, "High"),
]
PLATFORM_FIRST = "Choose a platform first: this applies to one platform's own grade."

CONTESTED_CHOICES = [("yes", "Contested only"), ("no", "Not contested")]


def public_categories():
    """Categories with a published tactic. The filter's choices are shown to every visitor
    and accepted as values, so a category holding only drafts must be in neither."""
    published = Tactic.objects.published().filter(category=OuterRef("pk"))
    return Category.objects.filter(Exists(published))


def public_platforms():
    """Platforms that a published tactic covers, for the same reason."""
    covered = Tactic.platforms_covered.through.objects
    return Platform.objects.having(covered.filter(tactic__status=Status.PUBLISHED))


def graded_platforms():
    """Platforms on which a published tactic has a grade of its own (the only ones the
    "graded on" filter can find anything for)."""
    return Platform.objects.having(PlatformGrade.objects.filter(tactic__status=Status.PUBLISHED))


def at_least(level: str) -> list[str]:
    return list(CONFIDENCE_ORDER[CONFIDENCE_ORDER.index(level) :])


def directions_for(value: str) -> tuple[str, ...]:
    return DIRECTION_GROUPS[value][1] if value in DIRECTION_GROUPS else (value,)


class TacticFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if not data.get("platform_grade"):
            for name in ("platform_confidence", "platform_direction"):
                if data.get(name):
                    self.add_error(name, PLATFORM_FIRST)
            if data.get("order") == "platform":
                self.add_error("order", "Choose a platform to sort by its score.")
        return data


def search_vector():
    return (
        SearchVector("question", "action_name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("verdict", weight="B", config=SEARCH_CONFIG)
        + SearchVector("lede", weight="C", config=SEARCH_CONFIG)
        + SearchVector("body", weight="D", config=SEARCH_CONFIG)
    )


def clean_search(text):
    """At most SEARCH_MAX_TERMS words, each with something to search for: runs of
    operators (a hundred dashes or quotes) nest PostgreSQL's query parser until it fails."""
    words = []
    for word in text.split():
        negated = word.startswith("-")
        word = word.lstrip("-")
        if not any(char.isalnum() for char in word):
            continue
        words.append(("-" if negated else "") + word)
    return " ".join(words[:SEARCH_MAX_TERMS])


def search_tactics(queryset, text):
    """Full-text search ranked by relevance on PostgreSQL; every word must appear
    somewhere (case-insensitively) on SQLite, which has no full-text search."""
    text = clean_search(text)
    if not text:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.annotate(search=search_vector())
            .filter(search=query)
            .annotate(rank=SearchRank(F("search"), query))
            .order_by("-rank", *DEFAULT_ORDERING)
        )
    for term in text.split():
        term = term.strip("\"'")
        if not term or term.lower() == "or" or term == "-":
            continue
        condition = Q()
        for field in SEARCH_FIELDS:
            condition |= Q(**{f"{field}__icontains": term.lstrip("-")})
        queryset = (
            queryset.exclude(condition) if term.startswith("-") else queryset.filter(condition)
        )
    return queryset


class TacticFilter(ReadableProblems, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. statistics, llms.txt"}
        ),
    )
    # Both filter on the tactic's own column: django-filter's default DISTINCT (meant for
    # to-many fields) would only make the count and the page query compare every column,
    # body included.
    confidence = django_filters.MultipleChoiceFilter(
        label="Confidence",
        choices=list(reversed(Confidence.choices)),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    direction = django_filters.ChoiceFilter(
        label="What the evidence says", choices=Direction.choices, empty_label="Any direction"
    )
    category = django_filters.ModelChoiceFilter(
        label="Category",
        queryset=public_categories(),
        to_field_name="slug",
        empty_label="Any category",
    )
    platform = django_filters.ModelChoiceFilter(
        label="Platform",
        field_name="platforms_covered",
        queryset=public_platforms(),
        to_field_name="slug",
        empty_label="Any platform",
    )
    impact = django_filters.MultipleChoiceFilter(
        label="Expected impact",
        choices=Impact.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    platform_grade = django_filters.ModelChoiceFilter(
        label="Graded on platform",
        queryset=graded_platforms(),
        to_field_name="slug",
        empty_label="No platform chosen",
        method="filter_platform_grade",
    )
    platform_direction = django_filters.ChoiceFilter(
        label="There, the evidence says",
        choices=PLATFORM_DIRECTIONS,
        empty_label="Any direction",
        method="filter_nothing",
    )
    platform_confidence = django_filters.ChoiceFilter(
        label="With confidence there of at least",
        choices=MINIMUM_CONFIDENCE,
        empty_label="Any confidence",
        method="filter_nothing",
    )
    score_min = django_filters.NumberFilter(
        label="Score from",
        field_name="evidence_score",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_SCORE,
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "min": 0, "max": MAX_SCORE}),
    )
    score_max = django_filters.NumberFilter(
        label="Score to",
        field_name="evidence_score",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_SCORE,
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "min": 0, "max": MAX_SCORE}),
    )
    contested = django_filters.ChoiceFilter(
        label="Contested",
        choices=CONTESTED_CHOICES,
        empty_label="Either",
        method="filter_contested",
    )
    order = django_filters.ChoiceFilter(
        label="Order by",
        choices=[(key, label) for key, (label, _) in ORDERINGS.items()],
        empty_label="Best match first (when searching), else highest score",
        method="filter_order",
    )

    class Meta:
        model = Tactic
        form = TacticFilterForm
        fields = []  # every filter is declared above

    def filter_search(self, queryset, name, value):
        return search_tactics(queryset, value)

    def filter_contested(self, queryset, name, value):
        return queryset.filter(contested=(value == "yes"))

    def filter_nothing(self, queryset, name, value):
        """Applied with the platform, in filter_platform_grade."""
        return queryset

    def filter_platform_grade(self, queryset, name, platform):
        """Tactics whose grade on this platform meets the direction and confidence asked
        for: one EXISTS over the PlatformGrade rows (a tactic has at most one per
        platform, and a semi-join never repeats a tactic). The grade there is annotated
        for the card and for sorting by it."""
        data = self.form.cleaned_data
        grades = PlatformGrade.objects.filter(tactic=OuterRef("pk"), platform=platform)
        matching = grades
        if data.get("platform_direction"):
            matching = matching.filter(direction__in=directions_for(data["platform_direction"]))
        if data.get("platform_confidence"):
            matching = matching.filter(confidence__in=at_least(data["platform_confidence"]))
        return queryset.filter(Exists(matching)).annotate(
            grade_here_platform=Value(platform.name, output_field=CharField()),
            grade_here_score=Subquery(
                grades.values("score")[:1], output_field=PlatformGrade._meta.get_field("score")
            ),
            grade_here_confidence=Subquery(grades.values("confidence")[:1]),
            grade_here_direction=Subquery(grades.values("direction")[:1]),
        )

    def filter_order(self, queryset, name, value):
        if value == "impact":
            queryset = queryset.annotate(impact_rank=IMPACT_RANK)
        return queryset.order_by(*ORDERINGS[value][1])

    @property
    def is_filtered(self):
        return self.is_bound and any(
            self.form.cleaned_data.get(name) not in (None, "", [])
            for name in self.filters
            if name != "order"
        )
