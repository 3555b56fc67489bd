"""The organisations behind sources, and merging two spellings of one into one record.

Replication counts distinct organisations, so "Ahrefs" and "ahrefs.com" entered as two
records count twice: merging moves every source onto the one kept and deletes the others,
in one transaction. Each moved source is saved (not updated in bulk), so its history says
why it changed and its tactics are regraded once, after the merge commits.
"""

from django import forms
from django.contrib import admin, messages
from django.db import router, transaction
from django.db.models import Count
from django.template.response import TemplateResponse

from config.history_admin import HistoryAdmin
from scoring.feedback import GradeFeedbackMixin
from sources.models import Organisation, Source
from tactics.grammar import count_noun


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep",
        help_text="Its name, kind and website stay; the others' sources move onto it and the "
        "others are deleted.",
        error_messages={"required": "Choose the organisation to keep."},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = organisations
        self.fields["keep"].label_from_instance = _described


def _described(organisation) -> str:
    sources = count_noun(organisation.n_sources, "source")
    sells = ", sells a related product" if organisation.sells_related_product else ""
    return f"{organisation.name} ({organisation.get_kind_display()}{sells}; {sources})"


def merge(keep: Organisation, others: list[Organisation], *, user) -> int:
    """Move the sources of `others` onto `keep` and delete `others`; the number of
    sources moved. One of them selling a related product is a fact about the
    organisation, so the kept record takes the flag rather than losing it."""
    moved = 0
    reason = f"Organisation merged into “{keep.name}”"
    with transaction.atomic(using=router.db_for_write(Organisation)):
        for source in Source.objects.filter(organisation__in=others).select_for_update():
            source.organisation = keep
            source._history_user = user
            source._change_reason = reason
            source.save(update_fields=["organisation", "updated_at"])
            moved += 1
        changed = []
        if any(other.sells_related_product for other in others) and not keep.sells_related_product:
            keep.sells_related_product = True
            changed.append("sells_related_product")
        if not keep.website:
            keep.website = next((other.website for other in others if other.website), "")
            if keep.website:
                changed.append("website")
        if changed:
            keep._history_user = user
            keep._change_reason = reason.replace("Organisation merged into", "Merged into")
            keep.save(update_fields=changed)
        for other in others:
            other._history_user = user
            other._change_reason = reason
            other.delete()
    return moved


@admin.register(Organisation)
class OrganisationAdmin(GradeFeedbackMixin, HistoryAdmin):
    list_display = ["name", "kind", "sells_related_product", "source_count"]
    list_filter = ["kind", "sells_related_product"]
    search_fields = ["name", "website"]
    fields = ["name", "kind", "sells_related_product", "website"]
    actions = ["merge_selected"]
    merge_template = "admin/sources/organisation/merge.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_sources=Count("sources"))

    @admin.display(description="Sources", ordering="n_sources")
    def source_count(self, obj):
        return obj.n_sources

    def changelist_view(self, request, extra_context=None):
        # The merge says what it did in one message; a grade list after it would bury it.
        return HistoryAdmin.changelist_view(self, request, extra_context)

    @admin.action(description="Merge selected organisations into one…", permissions=["change"])
    def merge_selected(self, request, queryset):
        chosen = queryset.annotate(n_sources=Count("sources")).order_by("name")
        if len(chosen) < 2:
            self.message_user(
                request, "Select at least two organisations to merge.", messages.WARNING
            )
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, organisations=chosen)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": "Merge organisations",
                "opts": self.model._meta,
                "objects": chosen,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, self.merge_template, context)
        keep = form.cleaned_data["keep"]
        others = [organisation for organisation in chosen if organisation.pk != keep.pk]
        flag_before = keep.sells_related_product
        moved = merge(keep, others, user=request.user)
        keep.refresh_from_db()
        flag = (
            " It now sells a related product, as one of them did."
            if keep.sells_related_product and not flag_before
            else ""
        )
        names = ", ".join(f"“{other.name}”" for other in others)
        self.message_user(
            request,
            f"Merged {names} into “{keep.name}”: {count_noun(moved, 'source')} moved, "
            f"{count_noun(len(others), 'organisation')} deleted.{flag} The grades of their "
            "tactics are recomputed.",
            messages.SUCCESS,
        )
        return None
