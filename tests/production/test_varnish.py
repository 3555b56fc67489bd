"""deploy/varnish/default.vcl in front of gunicorn: what Varnish stores, what a save purges,
and what it must never store. Needs varnishd (Debian's varnish and varnish-modules); CI
installs them, and with CI set a missing varnishd fails instead of skipping."""

import pytest

from tests.production.varnish_server import Stack

SETUP = """
from django.contrib.auth import get_user_model
from tests.factories import StanceFactory, TacticFactory
edited = StanceFactory(tactic__slug="edited-tactic", finding="The first finding.")
other = StanceFactory(tactic__slug="untouched-tactic", finding="An unrelated finding.")
TacticFactory(slug="draft-tactic", draft=True, question="Is this draft ever stored?")
get_user_model().objects.create_superuser("curator", "c@example.org", "curator-pw-123")
emit({"stance": edited.pk, "source": edited.source_id})
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # The admin under another address, so that the VCL's /admin/ rule is not what keeps
    # its cookie-setting login page out of the cache.
    with Stack(tmp_path_factory.mktemp("varnish"), ADMIN_URL="backstage/") as stack:
        stack.ids = stack.django(SETUP)
        yield stack


def twice(site, path, **headers):
    first = site.get(path, headers)
    return first, site.get(path, headers)


def test_an_anonymous_page_is_served_from_varnish_the_second_time(site):
    first, second = twice(site, "/tactics/untouched-tactic/?visit=anonymous")
    assert first.status == second.status == 200
    assert "An unrelated finding." in second.text
    assert first.cache in ("miss", "hit")
    assert second.cache == "hit", second.headers
    assert int(second.headers["Age"]) >= 0
    assert "xkey" not in {name.lower() for name in second.headers}  # internal to Varnish


def test_tracking_parameters_are_the_same_cached_page(site):
    site.get("/tactics/untouched-tactic/")
    for query in ("?utm_source=newsletter&utm_medium=email", "?fbclid=IwAR0x", "?gclid=Cj0K"):
        shared = site.get("/tactics/untouched-tactic/" + query)
        assert shared.status == 200
        assert shared.cache == "hit", (query, shared.headers)


def test_a_save_purges_its_pages_and_leaves_unrelated_ones_stored(site):
    site.get("/tactics/edited-tactic/")
    site.get("/tactics/untouched-tactic/")
    assert site.get("/tactics/edited-tactic/").cache == "hit"
    assert site.get("/tactics/untouched-tactic/").cache == "hit"

    site.django(
        "from sources.models import Stance\n"
        f"stance = Stance.objects.get(pk={site.ids['stance']})\n"
        "stance.finding = 'The corrected finding.'\nstance.save()\n"
    )

    edited = site.get("/tactics/edited-tactic/")
    assert edited.cache == "miss"
    assert "The corrected finding." in edited.text
    assert "The first finding." not in edited.text
    assert site.get("/tactics/edited-tactic/").cache == "hit"
    assert site.get("/tactics/untouched-tactic/").cache == "hit"
    source = site.get(f"/sources/{site.ids['source']}/")
    assert "The corrected finding." in source.text


def test_only_allowed_addresses_may_purge(site):
    site.get("/tactics/untouched-tactic/")
    # 127.0.0.2 is this machine too, but not in the VCL's list of purgers.
    assert site.purge("tactic-list", source_address="127.0.0.2") == 403
    assert site.get("/tactics/untouched-tactic/").cache == "hit"


def test_a_purge_without_tags_is_refused_in_words(site):
    response = site.get("/", method="PURGE")
    assert response.status == 400
    assert "xkey-purge" in response.text


@pytest.mark.parametrize("cookie", ["messages=notice", "sessionid=abc", "csrftoken=abc"])
def test_a_visitor_with_a_session_or_messages_cookie_is_never_served_nor_stored(site, cookie):
    path = f"/tactics/untouched-tactic/?with={cookie.split('=')[0]}"
    first, second = twice(site, path, Cookie=cookie)
    assert first.cache == second.cache == "pass"
    assert site.get(path).cache == "miss"  # the anonymous visitor's own fetch, not theirs


def test_other_cookies_do_not_stop_caching(site):
    site.get("/tactics/untouched-tactic/")
    assert site.get("/tactics/untouched-tactic/", {"Cookie": "_ga=GA1.2.3"}).cache == "hit"


def test_a_staff_preview_is_never_stored(site):
    curator = site.logged_in("curator", "curator-pw-123", admin="/backstage/")
    preview = site.get("/tactics/draft-tactic/", opener=curator)
    assert preview.status == 200
    assert "Is this draft ever stored?" in preview.text
    assert preview.cache == "pass"
    assert "private" in preview.headers["Cache-Control"]
    anonymous = site.get("/tactics/draft-tactic/")
    assert anonymous.status == 404
    assert "Is this draft ever stored?" not in anonymous.text
    # Staff pages of published tactics pass too, and do not replace the public copy.
    assert site.get("/tactics/untouched-tactic/", opener=curator).cache == "pass"


def test_a_page_that_sets_a_cookie_is_not_stored(site):
    first, second = twice(site, "/backstage/login/")
    assert first.status == second.status == 200
    assert second.cache != "hit"
    assert "csrftoken" in second.headers.get("Set-Cookie", "")


def test_posts_go_to_the_site(site):
    response = site.get("/backstage/login/", method="POST", data=b"username=x")
    assert response.status == 403  # Django's CSRF refusal: the site answered, not Varnish
    assert response.cache == "pass"
