"""The source form's own help: filling it from a DOI or a link, and catching duplicates.

Fill: the researcher types the DOI (or only the page's address) and presses “Fill from DOI
or link”. The form comes back unsaved, with the empty fields filled from doi.org or the
page (`sources.metadata`) and a note of what was filled, what was kept, and which values
are guesses. What the researcher typed is never overwritten, and when the lookup fails the
form comes back exactly as posted, with the reason. No JavaScript: the button is a submit
named `_fill`, and the view renders the posted form instead of saving it.

Duplicates (`sources.duplicates.find_duplicates`, which the import preview asks too):
- the same address or the same DOI is an error on the field, linking to the source
  recorded already (the address is checked by `Source.clean`, the DOI here);
- the same normalised title, organisation and year is a warning: the first save is refused,
  linking to the existing source, and a checkbox “This is a different source” appears.
  Ticked, the save goes through. A checkbox rather than “press Save again”: pressing twice
  is a reflex (a double click would pass it); ticking says the researcher looked. The box
  carries the ids of the sources it was shown beside, so a later edit that makes the title
  match yet another source asks again.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sources.choices import SourceType
from sources.duplicates import SAME_DOI, SAME_TITLE, find_duplicates, is_doi, normalise_doi
from sources.metadata import LookupFailed, Metadata, default_fetcher, look_up
from sources.models import Organisation, Source
from sources.urls_normal import UnreadableURL, normalise_url

FILL = "_fill"
NOT_DUPLICATE = "not_duplicate_of"
_FILLING = "_source_fill"  # request attribute: the Fill of this request
_ON_CHANGE_FORM = "_source_change_form"  # not the history form, which restores as it was

# The fields a lookup may fill, in the form's order, with their names in the message.
FILLABLE = {
    "title": "title",
    "url": "URL",
    "doi": "DOI",
    "venue": "venue",
    "authors": "authors",
    "published_on": "publication date",
    "source_type": "source type",
}


@dataclass
class Fill:
    """What pressing Fill did, for the note above the form."""

    data: QueryDict
    origin: str = ""
    filled: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: str = ""


def fill(data: QueryDict, metadata: Metadata) -> Fill:
    """`data` (the posted form) with its empty fields set from `metadata`."""
    data = data.copy()
    result = Fill(data=data, origin=metadata.origin)
    for name, label in FILLABLE.items():
        value = _form_value(name, metadata)
        if not value:
            if name not in ("url", "doi") and not data.get(name, "").strip():
                result.missing.append(label)
            continue
        if data.get(name, "").strip():
            if _differs(name, data[name], value):
                result.kept.append(label)
            continue
        data[name] = value
        result.filled.append(label)
    _pick_organisation(data, metadata, result)
    if FILLABLE["published_on"] in result.filled and metadata.date_precision != "day":
        result.notes.append(
            f"Only the {metadata.date_precision} of publication is known: the first day of "
            f"it was entered. Correct it if the source gives the day."
        )
    if FILLABLE["source_type"] in result.filled and metadata.type_note:
        label = SourceType(metadata.source_type).label
        result.notes.append(f"The source type “{label}” is a guess ({metadata.type_note}).")
    elif not metadata.source_type and metadata.type_note:
        result.notes.append(f"Source type not filled: {metadata.type_note}.")
    if metadata.warning:
        result.notes.append(metadata.warning)
    return result


def _pick_organisation(data: QueryDict, metadata: Metadata, result: Fill) -> None:
    """The stored organisation named as the record's publisher or institution, case
    ignored. None is created here: an organisation's kind and interest are for the
    researcher to say, with the + button beside the field."""
    name = metadata.publisher.strip()
    if not name:
        if not data.get("organisation", "").strip():
            result.missing.append("organisation")
        return
    match = Organisation.objects.filter(name__iexact=name).first()
    if data.get("organisation", "").strip():
        if match is None or str(match.pk) != data["organisation"].strip():
            result.kept.append("organisation")
        return
    if match is None:
        result.notes.append(f"No organisation named “{name}” yet: add it with the + button.")
        return
    data["organisation"] = str(match.pk)
    result.filled.append("organisation")


def _form_value(name: str, metadata: Metadata) -> str:
    if name == "authors":
        return _fitted(metadata.authors, Source._meta.get_field("authors").max_length)
    if name == "published_on":
        # As the date widget shows a stored date (25/10/2024 in en-gb).
        return formats.localize_input(metadata.published_on) if metadata.published_on else ""
    return str(getattr(metadata, name) or "")


def _differs(name: str, typed: str, found: str) -> bool:
    if name == "doi":
        return normalise_doi(typed) != normalise_doi(found)
    if name == "published_on":
        return _date(typed) != _date(found)
    return typed.strip().casefold() != found.strip().casefold()


def _fitted(names, limit: int) -> str:
    """Every author, or as many as fit followed by “et al.”."""
    kept = []
    for name in names:
        if len(", ".join([*kept, name])) + len(" et al.") > limit:
            return ", ".join(kept) + " et al."
        kept.append(name)
    return ", ".join(kept)


def recorded_duplicates(data, exclude_pk=None) -> list[SafeString]:
    """Sentences naming each recorded source the posted values match, with a link."""
    try:
        url_normalised = normalise_url(data.get("url", "")) if data.get("url") else ""
    except UnreadableURL:
        url_normalised = ""
    published_on = _date(data.get("published_on", ""))
    found = find_duplicates(
        url_normalised=url_normalised,
        doi=data.get("doi", ""),
        title=data.get("title", ""),
        organisation=_organisation_id(data.get("organisation", "")),
        year=published_on.year if published_on else None,
        exclude_pk=exclude_pk,
    )
    return [
        format_html("Already recorded with {}: {}.", rule, _link(source)) for source, rule in found
    ]


def _organisation_id(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _date(value: str):
    try:
        return forms.DateField().to_python(value)
    except ValidationError:
        return None


def _link(source) -> SafeString:
    year = f", {source.published_on.year}" if source.published_on else ""
    withdrawn = " (withdrawn)" if source.is_withdrawn else ""
    return format_html(
        '<a href="{}">{}</a> ({}{}){}',
        reverse("admin:sources_source_change", args=[source.pk]),
        source.title,
        source.organisation.name,
        year,
        withdrawn,
    )


class SourceFormChecks:
    """Mixed into the admin's source form: the DOI and title duplicate checks, and the
    fill mode, in which the form shows the filled values and neither validates nor saves."""

    filling: Fill | None = None
    possible_duplicates: tuple = ()
    duplicate_ids = ""

    def __init__(self, data=None, *args, **kwargs):
        if self.filling is not None and data is not None:
            data = self.filling.data
        super().__init__(data, *args, **kwargs)
        self.fields[NOT_DUPLICATE] = forms.CharField(required=False)

    def full_clean(self):
        if self.filling is None:
            return super().full_clean()
        # Half-typed forms are the point of filling: "This field is required" everywhere
        # would bury the note. The errors come with the save, as usual.
        self._errors, self.cleaned_data = ErrorDict(), {}

    def is_valid(self):
        return self.filling is None and super().is_valid()

    def clean(self):
        cleaned = super().clean()
        doi = normalise_doi(cleaned.get("doi") or "")
        published_on = cleaned.get("published_on")
        found = find_duplicates(
            doi=doi if is_doi(doi) else "",
            title=cleaned.get("title") or "",
            organisation=cleaned.get("organisation"),
            year=published_on.year if published_on else None,
            exclude_pk=self.instance.pk,
        )
        for source, rule in found:
            if rule == SAME_DOI:
                self.add_error(
                    "doi",
                    ValidationError(
                        format_html(
                            "This DOI is already recorded as {}. Add your stance to that "
                            "source instead.",
                            _link(source),
                        ),
                        code="duplicate_doi",
                    ),
                )
        self._warn_same_title([source for source, rule in found if rule == SAME_TITLE])
        return cleaned

    def _warn_same_title(self, sources):
        confirmed = set((self.cleaned_data.get(NOT_DUPLICATE) or "").split(","))
        if not sources or {str(source.pk) for source in sources} <= confirmed:
            return
        self.possible_duplicates = sources
        self.duplicate_ids = ",".join(str(source.pk) for source in sources)
        links = format_html(", ".join(["{}"] * len(sources)), *map(_link, sources))
        raise ValidationError(
            format_html(
                "Possibly a duplicate: {} has the same title, organisation and year. If it is "
                "the same source, add your stance to it instead; if not, tick “This is a "
                "different source” and save again.",
                links,
            ),
            code="possible_duplicate",
        )


class MetadataFillMixin:
    """For the source admin: the Fill button's view, and the form's duplicate checks."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        setattr(request, _ON_CHANGE_FORM, True)
        if request.method == "POST" and FILL in request.POST:
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            if object_id and obj is None:  # the usual "doesn't exist" page
                return super().changeform_view(request, object_id, form_url, extra_context)
            allowed = (
                self.has_change_permission(request, obj)
                if obj
                else self.has_add_permission(request)
            )
            if not allowed:  # before asking any site on their behalf
                raise PermissionDenied
            filled = self.fill_from_lookup(request.POST, obj)
            setattr(request, _FILLING, filled)
            extra_context = {**(extra_context or {}), "fill": filled}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def fill_from_lookup(self, data: QueryDict, obj=None) -> Fill:
        wanted = data.get("doi", "").strip() or data.get("url", "").strip()
        if not wanted:
            return Fill(data=data, problem="Type the source's DOI or its URL first.")
        try:
            metadata = look_up(wanted, default_fetcher())
        except LookupFailed as error:
            return Fill(data=data, problem=str(error))
        result = fill(data, metadata)
        result.notes.extend(recorded_duplicates(result.data, obj.pk if obj else None))
        return result

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not getattr(request, _ON_CHANGE_FORM, False):
            return form
        attrs = {"filling": getattr(request, _FILLING, None), "__module__": __name__}
        return type(form.__name__, (SourceFormChecks, form), attrs)
