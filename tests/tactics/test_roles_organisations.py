"""Who may record, correct and remove the organisations behind the evidence."""

import pytest
from django.urls import reverse

from sources.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_researcher_adds_an_organisation_and_records_its_commercial_interest(client, researcher):
    client.force_login(researcher)
    response = client.post(
        reverse("admin:sources_organisation_add"),
        {"name": "Trakkr", "kind": "tool_vendor", "sells_related_product": "on", "website": ""},
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    trakkr = Organisation.objects.get(name="Trakkr")
    assert trakkr.sells_related_product
    delete = reverse("admin:sources_organisation_delete", args=[trakkr.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Organisation.objects.filter(pk=trakkr.pk).exists()


def test_an_editor_reads_and_removes_organisations_but_does_not_record_them(client, editor):
    unused = OrganisationFactory(name="Entered by mistake")
    client.force_login(editor)
    assert client.get(reverse("admin:sources_organisation_changelist")).status_code == 200
    added = client.post(reverse("admin:sources_organisation_add"), {"name": "X", "kind": "other"})
    assert added.status_code == 403
    delete = reverse("admin:sources_organisation_delete", args=[unused.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Organisation.objects.filter(pk=unused.pk).exists()
