"""Random text typed into the source form (by a researcher) and the admin login form (by
anyone): a page or a clear 4xx, never a 500; and a source is saved only when the admin
says so with a redirect."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.choices import Directness, Method, Position, SourceType
from sources.models import Source, Stance
from tests.factories import PlatformFactory, TacticFactory
from tests.sources.admin_forms import source_form

BOUNDED = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text from every corner of Unicode that a browser can send (no lone surrogates).
any_text = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), min_size=200, max_size=2000),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "é✓🙂"]),
)
urls = st.one_of(
    any_text,
    st.builds(
        "{}://{}{}:{}/{}".format,
        st.sampled_from(["http", "https", "ftp", "javascript", ""]),
        st.sampled_from(["", "user@", "u:p@"]),
        st.one_of(
            st.sampled_from(["example.net", "bücher.example", "[::1]", "[::1", "exa mple.com"]),
            st.text(max_size=20),
        ),
        st.one_of(st.integers(min_value=-1, max_value=10**12).map(str), st.text(max_size=6)),
        any_text,
    ),
)
dates = st.one_of(
    any_text,
    st.dates().map(str),
    st.sampled_from(["2024-02-30", "0001-01-01", "9999-12-31", "10000-01-01", "1e9", "-1"]),
)
numbers = st.one_of(
    any_text,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1e400", "NaN", "-inf", "٣٤", "1_000", "0x10", "5.5"]),
)


def choice_or_text(choices):
    return st.one_of(st.sampled_from(choices.values), any_text)


source_fields = st.fixed_dictionaries(
    {},
    optional={
        "title": any_text,
        "url": urls,
        "publisher": any_text,
        "authors": any_text,
        "published_on": dates,
        "source_type": choice_or_text(SourceType),
        "method": choice_or_text(Method),
        "sample_size": numbers,
        "sample_unit": any_text,
        "platforms": st.lists(st.one_of(numbers, any_text), max_size=3),
        "vendor_interest": any_text,
        "second_hand": any_text,
        "summary": any_text,
        "stances-TOTAL_FORMS": st.one_of(st.just("1"), numbers),
        "stances-INITIAL_FORMS": st.one_of(st.just("0"), numbers),
        # A known tactic, none, one that does not exist, a number beyond any integer
        # column, or any text at all.
        "stances-0-tactic": st.one_of(
            st.sampled_from(["TACTIC", "", "987654", "12345678901234567890123"]), any_text
        ),
        "stances-0-position": choice_or_text(Position),
        "stances-0-directness": choice_or_text(Directness),
        "stances-0-finding": any_text,
        "stances-0-detail": any_text,
    },
)


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client, TacticFactory(), PlatformFactory()


@pytest.mark.django_db
def test_a_platform_number_beyond_any_row_is_a_form_error_not_a_500(researcher_client):
    """Hypothesis found it once: SQLite raises OverflowError for a 2**63 id in the
    many-to-many check rather than finding no row."""
    client, _tactic, _platform = researcher_client
    data = source_form(platforms=[str(2**63)])

    response = client.post(reverse("admin:sources_source_add"), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Source.objects.exists()


@pytest.mark.django_db
@BOUNDED
@given(fields=source_fields)
def test_random_text_in_the_source_form_is_never_a_500_and_saves_only_on_success(
    researcher_client, fields
):
    client, tactic, platform = researcher_client
    if fields.get("stances-0-tactic") == "TACTIC":
        fields["stances-0-tactic"] = str(tactic.pk)
    data = {**source_form(platforms=[str(platform.pk)]), **fields}
    before = Source.objects.count(), Stance.objects.count()

    response = client.post(reverse("admin:sources_source_add"), data)

    assert response.status_code < 500, fields
    if response.status_code == 302:
        assert Source.objects.count() == before[0] + 1
    else:
        assert (Source.objects.count(), Stance.objects.count()) == before, fields


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["a tactic", ":"])
def test_text_for_the_stance_tactic_is_a_form_error(researcher_client, typed):
    client, _tactic, _platform = researcher_client
    data = source_form(
        **{
            "stances-TOTAL_FORMS": "1",
            "stances-0-tactic": typed,
            "stances-0-position": "supports",
            "stances-0-directness": "direct",
            "stances-0-finding": "Helps.",
        }
    )
    response = client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Source.objects.count() == 0


usernames = st.one_of(
    st.text(max_size=40),
    st.text(min_size=150, max_size=400),
    st.text(st.characters(codec="utf-8"), min_size=255, max_size=3000),
    st.sampled_from(["researcher", "a" * 255, "a" * 256, "é" * 300, "\x00admin", " "]),
)
passwords = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.sampled_from(["", "pw-for-tests", "\x00"]),
)


@pytest.mark.django_db
@BOUNDED
@given(username=usernames, password=passwords)
def test_random_credentials_at_the_admin_login_are_never_a_500(
    client, researcher, username, password
):
    response = client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )
    assert response.status_code < 500, (len(username), len(password))
    # Only the real password of a real account logs anyone in, unless that account is
    # locked out by the failures before it.
    correct = username == "researcher" and password == "pw-for-tests"
    assert ("_auth_user_id" in client.session) == (correct and response.status_code != 429)
    client.logout()
