"""Nothing typed in the admin can run script on the tactic page, in the HTML or in the
JSON-LD: every text field carries a payload and the page must stay inert."""

import json
from decimal import Decimal

import pytest

from scoring.services import recompute_tactic
from sources.choices import EffectKind, EffectMeasure, Position
from tests.factories import (
    CategoryFactory,
    ImplementationStepFactory,
    KeyFindingFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
    TacticFAQFactory,
)
from tests.tactics.html_tree import find_all, parse, text, walk

pytestmark = pytest.mark.django_db

PAYLOAD = (
    "<script>alert(1)</script><img src=x onerror=alert(1)> "
    "[click](javascript:alert(1)) </script><script>alert(2)</script><!-- "
    '<a href="javascript:alert(3)">x</a>'
)
SHORT = "<img src=x onerror=alert(1)>"  # for the short name fields
# For fields of at most 120 characters, which PostgreSQL enforces (SQLite does not).
MEDIUM = (
    "<script>alert(1)</script><img src=x onerror=alert(1)></script><script>alert(2)</script><!--"
)


@pytest.fixture
def poisoned(client):
    platform = PlatformFactory(slug="p", name=SHORT)
    tactic = TacticFactory(
        question=PAYLOAD,
        action_name=MEDIUM,
        category=CategoryFactory(name=SHORT),
        lede=PAYLOAD,
        verdict=PAYLOAD,
        body=f"## {PAYLOAD}\n\n{PAYLOAD}",
        limitations=PAYLOAD,
        implementation_heading=PAYLOAD,
    )
    for position in (Position.IMPROVES, Position.NO_EFFECT, Position.WORSENS, Position.MIXED):
        source = SourceFactory(
            title=PAYLOAD,
            organisation__name=f"{MEDIUM} {position}",
            venue=MEDIUM,
            lab_engine=MEDIUM,
            authors=PAYLOAD,
            summary=PAYLOAD,
            sample_unit="<script>alert(1)</script>",
            url="javascript:alert(1)"
            if position == Position.MIXED
            else f"https://e.org/{position}?a=<b>",
            platforms=[platform],
        )
        StanceFactory(
            tactic=tactic,
            source=source,
            position=position,
            finding=PAYLOAD,
            detail=PAYLOAD,
            effect_measure=EffectMeasure.OTHER,
            effect_kind=EffectKind.RELATIVE,
            effect_value=Decimal("-12.5"),
            effect_quote=PAYLOAD,
        )
        KeyFindingFactory(tactic=tactic, text=PAYLOAD, source=source)
    ImplementationStepFactory(tactic=tactic, text=PAYLOAD)
    TacticFAQFactory(tactic=tactic, question=PAYLOAD, answer=PAYLOAD)
    related = TacticFactory(question=PAYLOAD, category=tactic.category)
    tactic.related_tactics.set([related])
    recompute_tactic(tactic.pk, reason="test")
    response = client.get(tactic.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_no_executable_element_or_attribute(poisoned):
    tree = parse(poisoned)
    for element in walk(tree):
        assert element.tag not in ("img", "iframe", "object", "embed", "style")
        if element.tag == "script":
            assert element.attrs.get("type") == "application/ld+json"
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.tag, name)
            assert name != "style"
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith(("javascript", "data")), value


def test_json_ld_is_not_broken_out_of_and_keeps_the_text(poisoned):
    tree = parse(poisoned)
    scripts = find_all(tree, "script")
    assert len(scripts) == 2
    blocks = [json.loads(text_of(script)) for script in scripts]
    article, faq_page = blocks
    assert article["headline"] == PAYLOAD[:110]
    questions = [entry["name"] for entry in faq_page["mainEntity"]]
    assert PAYLOAD in questions
    assert (
        "</script"
        not in poisoned.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    )


def text_of(element):
    return "".join(child for child in element.children if isinstance(child, str))


def test_payload_is_shown_as_text_not_dropped(poisoned):
    # Plain-text fields are escaped, so the reader sees exactly what the editor typed.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in poisoned
    tree = parse(poisoned)
    assert PAYLOAD in text(find_all(tree, "h1")[0])
    # The new fields too: who did it, where, which simulated engine.
    assert MEDIUM in text(find_all(tree, cls="tactic-source__organisation")[0])
    assert MEDIUM in text(find_all(tree, cls="tactic-source__venue")[0])
    assert MEDIUM in text(find_all(tree, cls="tactic-source__lab")[0])


def test_javascript_source_url_is_not_a_link(poisoned):
    tree = parse(poisoned)
    titles = find_all(tree, cls="tactic-source__title")
    assert len(titles) == 4
    assert [el.tag for el in titles].count("span") == 1
    for link in find_all(tree, "a"):
        assert "javascript" not in link.attrs.get("href", "").lower()
