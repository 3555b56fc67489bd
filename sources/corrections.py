"""The public corrections log: every withdrawal and reinstatement of evidence, with its
date, its reason in words and the grade change it caused, as a page and an Atom feed.

Visitors see an entry only through the published tactics it touched: an entry about
drafts only is not listed, and a source's entry names only its published tactics. The
decision is made now, not when the entry was written, so a draft published later brings
its corrections with it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from sources.models import Correction
from tactics.choices import Confidence
from tactics.models import Tactic
from web.lists import paginate

PAGE_SIZE = 50
FEED_SIZE = 30


@dataclass(frozen=True)
class GradeChange:
    tactic: Tactic
    old_score: Decimal
    new_score: Decimal
    old_confidence: str
    new_confidence: str

    @property
    def moved(self) -> bool:
        return (self.old_score, self.old_confidence) != (self.new_score, self.new_confidence)

    @property
    def before(self) -> str:
        return f"{self.old_score} {Confidence(self.old_confidence).label}"

    @property
    def after(self) -> str:
        return f"{self.new_score} {Confidence(self.new_confidence).label}"

    def __str__(self):
        if not self.moved:
            return f"{self.tactic.question}: unchanged at {self.after}."
        return f"{self.tactic.question}: {self.before} → {self.after}."


@dataclass(frozen=True)
class Entry:
    correction: Correction
    changes: list[GradeChange]

    @property
    def headline(self) -> str:
        # The description names the source (and a stance's finding); the tactics are
        # named by the grade changes below it, only where published.
        return f"{self.correction.get_kind_display()}: {self.correction.description}"

    @property
    def reason(self) -> str:
        label = self.correction.get_reason_display()
        if self.correction.kind == Correction.Kind.REINSTATED:
            return f"It had been withdrawn as: {label}."
        return f"{label}."


def public_corrections():
    published = Tactic.objects.published().order_by("question")
    return (
        Correction.objects.filter(tactics__in=Tactic.objects.published())
        .distinct()
        .prefetch_related(Prefetch("tactics", queryset=published, to_attr="public_tactics"))
    )


def entries(corrections) -> list[Entry]:
    result = []
    for correction in corrections:
        tactics = {tactic.pk: tactic for tactic in correction.public_tactics}
        changes = [
            GradeChange(
                tactic=tactics[item["tactic_id"]],
                old_score=Decimal(item["old_score"]),
                new_score=Decimal(item["new_score"]),
                old_confidence=item["old_confidence"],
                new_confidence=item["new_confidence"],
            )
            for item in correction.grade_changes
            if item.get("tactic_id") in tactics
        ]
        if changes:
            result.append(Entry(correction, changes))
    return result


def corrections_log(request):
    page_obj, page_note = paginate(request, public_corrections(), PAGE_SIZE)
    return render(
        request,
        "sources/corrections.html",
        {"page_obj": page_obj, "entries": entries(page_obj.object_list), "page_note": page_note},
    )


class CorrectionsFeed(Feed):
    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: corrections"
    subtitle = "Evidence withdrawn or reinstated, why, and what it did to each grade."
    link = reverse_lazy("corrections:log")
    feed_url = reverse_lazy("corrections:feed")
    author_name = settings.SITE_NAME

    def items(self):
        return entries(public_corrections()[:FEED_SIZE])

    def item_title(self, entry):
        return entry.headline

    def item_description(self, entry):
        # Atom summaries are read as HTML: escape what researchers typed.
        lines = [entry.reason, entry.correction.note, *(str(change) for change in entry.changes)]
        return escape(" ".join(line for line in lines if line))

    def item_link(self, entry):
        return f"{reverse('corrections:log')}#correction-{entry.correction.pk}"

    def item_guid(self, entry):
        return f"correction-{entry.correction.pk}"

    def item_pubdate(self, entry):
        return entry.correction.made_at

    def item_updateddate(self, entry):
        return entry.correction.made_at
