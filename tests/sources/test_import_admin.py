"""The import in the admin: who may use it, what a refused file changes (nothing), the
history it leaves, and the recomputes it causes."""

from unittest import mock

import pytest
from django.urls import reverse

from scoring import services
from scoring.models import ScoreSnapshot
from sources.importing import reading
from sources.models import Source, Stance
from tests.admin_helpers import messages_of
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory
from tests.sources.import_files.helpers import confirm, import_url, statuses, upload

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(Source.objects.values()),
        list(Stance.objects.values()),
        Source.history.count(),
        Stance.history.count(),
    )


# --- Who may import -------------------------------------------------------------------


@pytest.mark.parametrize("model", ["source", "stance"])
def test_researcher_sees_and_uses_the_import(client, researcher, model):
    client.force_login(researcher)
    listing = client.get(reverse(f"admin:sources_{model}_changelist"))
    assert f'href="{import_url(model)}"' in listing.content.decode()
    assert client.get(import_url(model)).status_code == 200


@pytest.mark.parametrize("model", ["source", "stance"])
def test_editor_neither_sees_nor_uses_the_import(client, editor, model):
    client.force_login(editor)
    listing = client.get(reverse(f"admin:sources_{model}_changelist"))
    assert listing.status_code == 200
    assert import_url(model) not in listing.content.decode()
    assert client.get(import_url(model)).status_code == 403
    assert upload(client, "source", "zotero.ris").status_code == 403
    assert Source.objects.count() == 0


def test_editor_cannot_confirm_a_preview_made_by_a_researcher(client, researcher, editor):
    client.force_login(researcher)
    preview = upload(client, "source", "zotero.ris")
    client.force_login(editor)
    response = client.post(import_url("source"), {"payload": preview.context["payload"]})
    assert response.status_code == 403
    assert Source.objects.count() == 0


def test_an_altered_preview_is_refused(client, researcher):
    client.force_login(researcher)
    preview = upload(client, "source", "zotero.ris")
    payload = preview.context["payload"]
    page = client.post(import_url("source"), {"payload": payload[:-3] + "abc"}, follow=True)
    assert "This preview has expired or was altered" in " ".join(messages_of(page))
    assert Source.objects.count() == 0


def test_a_preview_overtaken_by_another_save_is_shown_again(client, researcher):
    client.force_login(researcher)
    preview = upload(client, "source", "zotero.ris")
    SourceFactory(url="https://searchengineland.com/llms-txt-lessons")  # record 3, meanwhile
    again = confirm(client, "source", preview)
    assert "The stored data changed since your preview" in again.content.decode()
    assert statuses(again)["record 3"] == "duplicate"
    assert Source.objects.count() == 1


# --- Refused files change nothing ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("latin1.csv", "title,url\nÉtude,https://x.org\n".encode("latin-1"), "is not UTF-8"),
        ("utf16.csv", "title,url\n".encode("utf-16"), "UTF-16, not UTF-8"),
        ("empty.ris", b"  \n", "is empty"),
        ("notes.ris", b"just some notes\nnot RIS\n", "holds no RIS record"),
        ("nothing.bib", b"% a comment only\n", "holds no BibTeX entry"),
        ("columns.csv", b"name,address\nA,https://x.org\n", "has no column title, url"),
        ("quote.csv", b'title,url,publisher,source_type,method\n"open,x\x00', "not a text file"),
        ("file.xlsx", b"PK\x03\x04", "give a .csv, .ris, .bib, .bibtex file"),
    ],
)
def test_unreadable_files_are_refused_in_words(client, researcher, name, content, said):
    client.force_login(researcher)
    before = _state()
    response = upload(client, "source", name, content)
    assert response.status_code == 200
    assert said in " ".join(response.context["form"].errors["file"])
    assert _state() == before


def test_a_file_too_large_is_refused(client, researcher):
    client.force_login(researcher)
    with mock.patch.object(reading, "MAX_BYTES", 1000):
        import sources.admin_import as view_module

        with mock.patch.object(view_module, "MAX_BYTES", 1000):
            response = upload(client, "source", "zotero.ris")
    assert "the import takes files up to 1,000 bytes" in response.content.decode()
    assert Source.objects.count() == 0


def test_too_many_rows_are_refused(client, researcher):
    client.force_login(researcher)
    header = b"title,url,publisher,source_type,method\n"
    rows = b"".join(b"Study %d,https://x.org/%d,Lab,industry,survey\n" % (n, n) for n in range(21))
    with mock.patch.object(reading, "MAX_ROWS", 20):
        response = upload(client, "source", "many.csv", header + rows)
    assert "holds 21 records; the import takes up to 20" in response.content.decode()
    assert Source.objects.count() == 0


def test_a_failure_while_writing_rolls_back_every_row(client, researcher):
    client.force_login(researcher)
    preview = upload(client, "source", "zotero.ris")
    real_save = Source.save

    def fail_on_the_third(self, *args, **kwargs):
        if Source.objects.count() == 2:
            raise RuntimeError("disk full")
        return real_save(self, *args, **kwargs)

    client.raise_request_exception = False
    with mock.patch.object(Source, "save", fail_on_the_third):
        response = client.post(import_url("source"), {"payload": preview.context["payload"]})
    assert response.status_code == 500
    assert Source.objects.count() == 0
    assert Source.history.count() == 0


# --- History and recomputes ----------------------------------------------------------


def test_each_imported_row_has_one_history_record_by_the_importer(client, researcher):
    platforms = {PlatformFactory(slug="chatgpt").pk, PlatformFactory(slug="perplexity").pk}
    client.force_login(researcher)
    confirm(client, "source", upload(client, "source", "sources.csv"))
    assert Source.objects.count() == 2
    for source in Source.objects.all():
        [record] = source.history.all()
        assert record.history_user == researcher
        assert record.history_change_reason == "Imported from sources.csv"
        assert record.history_type == "+"
        # The record holds the platforms linked by the import, as a form save's would.
        linked = set(record.platforms.values_list("platform_id", flat=True))
        assert linked == set(source.platforms.values_list("pk", flat=True))
        assert linked <= platforms and linked


def test_updates_are_recorded_as_changes_with_the_reason(client, researcher):
    source = SourceFactory(url="https://example.org/stored-study", title="Stored study")
    tactic = TacticFactory(slug="tactic-a")
    StanceFactory(source=source, tactic=tactic, finding="Old finding.")
    client.force_login(researcher)
    confirm(client, "stance", upload(client, "stance", "stances.csv"))
    latest = Stance.history.latest()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        researcher,
        "Imported from stances.csv",
    )
    assert latest.finding == "Pages with it were cited more."


def test_each_affected_tactic_is_recomputed_once(
    client, researcher, django_capture_on_commit_callbacks
):
    source = SourceFactory(url="https://example.org/stored-study", doi="10.5555/stored")
    tactics = [TacticFactory(slug=slug) for slug in ("tactic-a", "tactic-b", "tactic-c")]
    StanceFactory(source=source, tactic=tactics[1], finding="No effect.", position="no_effect")
    client.force_login(researcher)
    preview = upload(client, "stance", "stances.csv")
    recomputed = []
    real = services.recompute_tactics

    def counting(ids, reason=""):
        recomputed.extend(ids)
        return real(ids, reason)

    with (
        mock.patch.object(services, "recompute_tactics", counting),
        mock.patch.object(
            services, "recompute_tactic", lambda pk, reason="": counting([pk], reason)
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        confirm(client, "stance", preview)
    assert sorted(recomputed) == sorted([tactics[0].pk, tactics[1].pk])
    assert ScoreSnapshot.objects.filter(tactic=tactics[0]).count() == 1
