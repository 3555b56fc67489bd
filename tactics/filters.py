"""The public list's filters. Every state lives in the query string, so a filtered view
can be bookmarked and shared; a parameter that fails validation is left out and reported
(see `problems`), never turned into an error page."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q

from tactics.choices import Confidence, Direction
from tactics.models import MAX_SCORE, Category, Platform, Tactic

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
}
DEFAULT_ORDERING = ORDERINGS["score"][1]

CONTESTED_CHOICES = [("yes", "Contested only"), ("no", "Not contested")]


def public_categories():
    """Categories with a published tactic. The filter's choices are shown to every visitor
    and accepted as values, so a category holding only drafts must be in neither."""
    published = Tactic.objects.published().filter(category=OuterRef("pk"))
    return Category.objects.filter(Exists(published))


def public_platforms():
    """Platforms that a published tactic covers, for the same reason."""
    covered = Tactic.platforms_covered.through.objects.filter(
        platform=OuterRef("pk"), tactic__in=Tactic.objects.published()
    )
    return Platform.objects.filter(Exists(covered))


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


class TacticFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. statistics, llms.txt"}
        ),
    )
    confidence = django_filters.MultipleChoiceFilter(
        label="Confidence",
        choices=list(reversed(Confidence.choices)),
        widget=forms.CheckboxSelectMultiple,
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
        fields = []  # every filter is declared above

    def filter_search(self, queryset, name, value):
        return search_tactics(queryset, value)

    def filter_contested(self, queryset, name, value):
        return queryset.filter(contested=(value == "yes"))

    def filter_order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value][1])

    @property
    def problems(self):
        """One readable line per parameter that was ignored because it was invalid."""
        if not self.is_bound or self.is_valid():
            return []
        lines = []
        for name, errors in self.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            lines.append(f"{label}: {' '.join(errors)}")
        return lines

    @property
    def is_filtered(self):
        return self.is_bound and any(
            self.form.cleaned_data.get(name) not in (None, "", [])
            for name in self.filters
            if name != "order"
        )
