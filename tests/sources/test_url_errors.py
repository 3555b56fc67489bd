"""A source URL that normalisation cannot read is refused on the URL field, in words,
with everything else the researcher typed kept; outside a form it is a ValidationError.
Never a 500."""

import html as html_lib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.models import Source
from sources.urls_normal import UnreadableURL, normalise_url
from tests.factories import SourceFactory
from tests.sources.admin_forms import source_form

# (what the researcher typed, words the error must contain)
UNREADABLE = [
    ("https://example.net:65536/study", "port beyond 65535 (:65536)"),
    ("https://example.net:99999/study", "port beyond 65535 (:99999)"),
    ("https://example.net:99999999/study", "port beyond 65535 (:99999999)"),
    ("https://user:secret@example.net:70000/", "port beyond 65535 (:70000)"),
    ("https://example.net:0/study", "port 0, which no web server listens on"),
    ("https://example.net:8o8o/study", "port that is not a number (:8o8o)"),
    ("https://[::1/study", "square bracket in its host"),
    ("https://[not-an-ip]/study", "square bracket in its host"),
    ("https://exa mple.com/study", "space or an invisible character in its host name"),
    ("https://exa\u200bmple.com/study", "space or an invisible character in its host name"),
    ("https://exa\uff03mple.com/study", "stands for / ? # @ or :"),
]
TYPED = {
    "title": "A study of ports",
    "venue": "Portside Lab notes",
    "authors": "Ada Port, Bo Harbour",
    "sample_size": "4321",
    "sample_unit": "queries",
    "summary": "Nothing here must be lost on a refused URL.",
}


def add_source(client, url):
    return client.post(reverse("admin:sources_source_add"), source_form(url=url, **TYPED))


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "words"), UNREADABLE)
def test_an_unreadable_url_is_an_error_on_the_url_field_and_nothing_typed_is_lost(
    client, researcher, url, words
):
    client.force_login(researcher)
    response = add_source(client, url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert any(words in error for error in form.errors["url"]), form.errors
    assert list(form.errors) == ["url"]
    page = html_lib.unescape(response.content.decode())
    assert words in page
    for name, value in TYPED.items():
        assert value in page, name
    assert Source.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("https://bücher.example/studie/", "bücher.example/studie"),
        ("https://example.net:65535/study", "example.net:65535/study"),
        ("https://[2001:db8::1]:8443/study", "[2001:db8::1]:8443/study"),
        ("https://[2001:db8::1:8443]/study", "[2001:db8::1:8443]/study"),
    ],
)
def test_unusual_but_readable_urls_are_saved(client, researcher, url, normalised):
    client.force_login(researcher)
    response = add_source(client, url)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Source.objects.get().url_normalised == normalised


@pytest.mark.django_db
def test_editing_a_source_to_an_unreadable_url_keeps_the_stored_one(client, researcher):
    source = SourceFactory(url="https://example.net/kept")
    client.force_login(researcher)
    response = client.post(
        reverse("admin:sources_source_change", args=[source.pk]),
        source_form(url="https://example.net:65536/kept", **TYPED),
    )
    assert response.status_code == 200
    assert "port beyond 65535" in str(response.context["adminform"].form.errors["url"])
    source.refresh_from_db()
    assert (source.url, source.url_normalised) == ("https://example.net/kept", "example.net/kept")


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "words"), UNREADABLE)
def test_model_validation_puts_the_words_on_the_url_field(url, words):
    source = SourceFactory.build(url=url)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert any(words in message for message in error.value.message_dict["url"])


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "words"), UNREADABLE)
def test_saving_outside_a_form_raises_a_validation_error_and_saves_nothing(url, words):
    with pytest.raises(ValidationError) as error:
        SourceFactory(url=url)
    assert words in error.value.message_dict["url"][0]
    assert Source.objects.count() == 0


@settings(max_examples=300, deadline=None)
@given(
    url=st.one_of(
        st.text(),
        st.builds(
            "{}://{}{}:{}/{}".format,
            st.sampled_from(["http", "https", "ftp", ""]),
            st.sampled_from(["", "user@", "u:p@"]),
            st.one_of(st.text(max_size=20), st.sampled_from(["[::1", "[::1]", "a]b", "[x]"])),
            st.one_of(st.integers(min_value=-10, max_value=10**12).map(str), st.text(max_size=8)),
            st.text(max_size=20),
        ),
    )
)
def test_normalisation_raises_nothing_but_its_own_worded_value_error(url):
    try:
        normalised = normalise_url(url)
    except UnreadableURL as error:
        assert str(error).endswith((": check it.", "type the host name again."))
    else:
        assert isinstance(normalised, str)
