"""Bringing sources (CSV, RIS, BibTeX) and stances (CSV) in from the admin: upload, a
preview of every row, then confirm.

The preview is stateless: the page carries the uploaded file back in a signed, compressed
form field (bounded by the import's size limit), with a fingerprint of the preview. The
confirm reads the file again and plans it again inside the writing transaction, and
applies it only if the plan is still the one shown; otherwise it shows the new preview.
Only users who may add sources (stances) see the import or use it; updating stored rows
also needs permission to change them.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, router, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from scoring.feedback import report_grade_changes
from sources import importing
from sources.importing.planner import DUPLICATE, ERROR, NEW, UNCHANGED, UPDATED
from sources.importing.reading import MAX_BYTES, MAX_ROWS

PREVIEW_HOURS = 2
_SALT = "sources.admin_import"


class UploadForm(forms.Form):
    file = forms.FileField(help_text=f"Up to {MAX_BYTES // 1000:,} kB and {MAX_ROWS:,} records.")


class _Refused(Exception):
    pass


class ImportMixin:
    """For a ModelAdmin of sources or stances: an Import page beside Add."""

    import_kind = ""  # "sources" or "stances"
    import_template = "admin/sources/import.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"may_import": self.has_add_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "payload" in request.POST:
            return self._confirm(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_BYTES:
                    raise importing.FileRefused(
                        f"{upload.name} is {upload.size:,} bytes; the import takes files up "
                        f"to {MAX_BYTES:,} bytes. Split it into smaller files."
                    )
                data = upload.read()
                return self._preview(request, upload.name, data)
            except importing.FileRefused as refused:
                form.add_error("file", str(refused))
        return self._render(request, {"form": form})

    # --- steps ------------------------------------------------------------------------

    def _plan(self, request, name: str, data: bytes):
        fmt, rows, notes = importing.read(self.import_kind, name, data)
        plan = importing.plan_rows(self.import_kind, fmt, rows, user=request.user)
        plan.notes = notes
        if not self.has_change_permission(request):
            for planned in plan.rows:
                if planned.status == UPDATED:
                    planned.status, planned.instance = ERROR, None
                    planned.reasons.append(
                        f"Updating a stored {self.model._meta.verbose_name} needs permission "
                        "to change it."
                    )
        return plan

    def _preview(self, request, name: str, data: bytes, warning: str = ""):
        plan = self._plan(request, name, data)
        payload = signing.dumps(
            {
                "name": name,
                "data": data.decode("utf-8", "replace"),
                "digest": plan.digest(),
                "user": request.user.pk,
            },
            salt=_SALT + self.import_kind,
            compress=True,
        )
        return self._render(
            request,
            {
                "plan": plan,
                "name": name,
                "payload": payload,
                "warning": warning,
                "counts": _counts(plan),
                "writes": plan.count(NEW, UPDATED),
            },
        )

    def _confirm(self, request):
        try:
            signed = signing.loads(
                request.POST["payload"],
                salt=_SALT + self.import_kind,
                max_age=PREVIEW_HOURS * 3600,
            )
            if signed["user"] != request.user.pk:
                raise signing.BadSignature
        except signing.BadSignature:
            messages.error(
                request, "This preview has expired or was altered: upload the file again."
            )
            return HttpResponseRedirect(request.path)
        name, data = signed["name"], signed["data"].encode()
        reason = f"Imported from {name}"
        with report_grade_changes(request):
            try:
                with transaction.atomic(using=router.db_for_write(self.model)):
                    plan = self._plan(request, name, data)
                    if plan.digest() != signed["digest"]:
                        raise _Refused
                    outcome = importing.apply(plan, user=request.user, reason=reason)
            except _Refused:
                return self._preview(
                    request,
                    name,
                    data,
                    warning="The stored data changed since your preview: this is the new "
                    "preview. Check it and confirm again.",
                )
            except importing.FileRefused as refused:
                messages.error(request, str(refused))
                return HttpResponseRedirect(request.path)
            except IntegrityError as error:
                # A rule only the database states, or a concurrent save: nothing was kept.
                messages.error(
                    request, f"The database refused a row ({error}): nothing was imported."
                )
                return HttpResponseRedirect(request.path)
            messages.success(
                request,
                f"{reason}: {outcome.added} added, {outcome.updated} updated, "
                f"{outcome.skipped} skipped.",
            )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def _render(self, request, context):
        opts = self.model._meta
        return TemplateResponse(
            request,
            self.import_template,
            {
                **self.admin_site.each_context(request),
                "opts": opts,
                "title": f"Import {opts.verbose_name_plural}",
                "kind": self.import_kind,
                "formats": ", ".join(importing.FORMATS[self.import_kind]),
                "max_rows": MAX_ROWS,
                **context,
            },
        )


def _counts(plan) -> list[tuple[str, int]]:
    labels = [
        (NEW, "new"),
        (UPDATED, "to update"),
        (UNCHANGED, "unchanged"),
        (DUPLICATE, "duplicates"),
        (ERROR, "errors"),
    ]
    return [(label, plan.count(status)) for status, label in labels]


class SourceImportMixin(ImportMixin):
    import_kind = "sources"
    change_list_template = "admin/sources/source/change_list.html"


class StanceImportMixin(ImportMixin):
    import_kind = "stances"
    change_list_template = "admin/sources/stance/change_list.html"
