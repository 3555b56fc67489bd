"""Organisations in the admin: the list with its source counts, and merging two spellings
of one organisation into one record, which only someone who may change organisations
may do."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sources.choices import OrganisationKind
from sources.models import Organisation, Source
from tests.admin_helpers import messages_of
from tests.factories import OrganisationFactory, SourceFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:sources_organisation_changelist")


@pytest.fixture
def spellings():
    ahrefs = OrganisationFactory(name="Ahrefs", kind=OrganisationKind.TOOL_VENDOR)
    dotcom = OrganisationFactory(
        name="ahrefs.com", kind=OrganisationKind.OTHER, sells_related_product=True
    )
    other = OrganisationFactory(name="Princeton University")
    SourceFactory(organisation=ahrefs, title="Backlinks study")
    SourceFactory(organisation=dotcom, title="Brand mentions study")
    SourceFactory(organisation=dotcom, title="AI Overviews study")
    SourceFactory(organisation=other, title="GEO")
    return ahrefs, dotcom, other


def _merge(client, organisations, keep=None):
    data = {"action": "merge_selected", "_selected_action": [o.pk for o in organisations]}
    if keep is not None:
        data.update(apply="1", keep=keep.pk)
    return client.post(LIST, data, follow=keep is not None)


def test_the_list_counts_sources_and_searches_names(client, researcher, spellings):
    client.force_login(researcher)
    response = client.get(LIST, {"q": "ahrefs"})
    rows = {o.name: o.n_sources for o in response.context["cl"].result_list}
    assert rows == {"Ahrefs": 1, "ahrefs.com": 2}


def test_merging_asks_which_one_to_keep_first(client, researcher, spellings):
    ahrefs, dotcom, _ = spellings
    client.force_login(researcher)
    page = _merge(client, [ahrefs, dotcom])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Merge organisations" in html
    assert "Ahrefs (Vendor of AI-visibility or SEO tools; 1 source)" in html
    assert "ahrefs.com (Other, or not yet classified, sells a related product; 2 sources)" in html
    assert Organisation.objects.count() == 3, "nothing merged before the choice"


def test_merging_moves_the_sources_and_deletes_the_others(client, researcher, spellings):
    ahrefs, dotcom, other = spellings
    client.force_login(researcher)
    page = _merge(client, [ahrefs, dotcom], keep=ahrefs)
    assert messages_of(page) == [
        "Merged “ahrefs.com” into “Ahrefs”: 2 sources moved, 1 organisation deleted. It now "
        "sells a related product, as one of them did. The grades of their tactics are "
        "recomputed."
    ]
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Ahrefs",
        "Princeton University",
    ]
    ahrefs.refresh_from_db()
    assert ahrefs.kind == OrganisationKind.TOOL_VENDOR and ahrefs.sells_related_product
    assert sorted(ahrefs.sources.values_list("title", flat=True)) == [
        "AI Overviews study",
        "Backlinks study",
        "Brand mentions study",
    ]
    moved = Source.objects.get(title="Brand mentions study").history.latest()
    assert moved.history_change_reason == "Organisation merged into “Ahrefs”"
    assert moved.history_user == researcher
    assert other.sources.count() == 1


def test_one_organisation_is_not_a_merge(client, researcher, spellings):
    client.force_login(researcher)
    page = client.post(
        LIST, {"action": "merge_selected", "_selected_action": [spellings[0].pk]}, follow=True
    )
    assert "Select at least two organisations to merge." in messages_of(page)
    assert Organisation.objects.count() == 3


def test_no_choice_asks_again(client, researcher, spellings):
    ahrefs, dotcom, _ = spellings
    client.force_login(researcher)
    data = {"action": "merge_selected", "_selected_action": [ahrefs.pk, dotcom.pk], "apply": "1"}
    page = client.post(LIST, data)
    assert "Choose the organisation to keep." in page.content.decode()
    assert Organisation.objects.count() == 3


def test_merging_needs_permission_to_change_organisations(client, editor, spellings):
    """Editors may delete organisations but not change them: no merge."""
    ahrefs, dotcom, _ = spellings
    client.force_login(editor)
    actions = client.get(LIST).context["action_form"].fields["action"].choices
    assert "merge_selected" not in dict(actions)
    _merge(client, [ahrefs, dotcom], keep=ahrefs)
    assert Organisation.objects.count() == 3
    # Granted the permission, the same user may merge: the test above would fail.
    editor.user_permissions.add(Permission.objects.get(codename="change_organisation"))
    editor = type(editor).objects.get(pk=editor.pk)
    client.force_login(editor)
    _merge(client, [ahrefs, dotcom], keep=ahrefs)
    assert Organisation.objects.count() == 2


def test_the_source_list_filters_by_kind_and_interest(client, researcher, spellings):
    client.force_login(researcher)
    url = reverse("admin:sources_source_changelist")
    selling = client.get(url, {"interest": "sells"}).context["cl"].result_list
    assert sorted(s.title for s in selling) == ["AI Overviews study", "Brand mentions study"]
    vendors = client.get(url, {"organisation__kind__exact": "tool_vendor"}).context["cl"]
    assert [s.title for s in vendors.result_list] == ["Backlinks study"]


def test_the_source_form_offers_organisations_to_search_and_to_add(client, researcher):
    client.force_login(researcher)
    html = client.get(reverse("admin:sources_source_add")).content.decode()
    assert 'id="add_id_organisation"' in html  # the + button
    assert "admin-autocomplete" in html
    assert "Live platforms tested" in html and "Lab engine" in html
