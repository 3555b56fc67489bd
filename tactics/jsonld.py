"""JSON-LD for the tactic page: an Article and a FAQPage whose questions and answers are
exactly the FAQs the page shows.

The JSON goes inside ``<script type="application/ld+json">``, where HTML escaping does not
apply; ``<``, ``>`` and ``&`` are written as ``\\u003c`` escapes instead (as Django's
``json_script`` does), so ``</script>`` or ``<!--`` typed in the admin cannot end the
block early.
"""

import html
import json
import re

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from tactics.markdown import render_markdown

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
_SPACE = re.compile(r"\s+")


def plain_text(markdown_text: str) -> str:
    """The visible text of an editor's Markdown answer, without tags or entities."""
    return _SPACE.sub(" ", html.unescape(strip_tags(render_markdown(markdown_text)))).strip()


def faq_entries(generated_faqs, editor_faqs) -> list[tuple[str, str]]:
    """(question, answer) pairs in the page's order: generated first, then the editor's."""
    entries = [(faq["question"], faq["answer"]) for faq in generated_faqs]
    entries += [(faq.question, plain_text(faq.answer)) for faq in editor_faqs]
    return entries


def tactic_jsonld(tactic, canonical_url, faqs) -> list[dict]:
    site = getattr(settings, "SITE_NAME", "GEO Evidence")
    organisation = {"@type": "Organization", "name": site}
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": tactic.question[:110],
        "description": tactic.full_verdict,
        "datePublished": tactic.created_at.isoformat(),
        "dateModified": tactic.updated_at.isoformat(),
        "author": organisation,
        "publisher": organisation,
        "mainEntityOfPage": canonical_url,
        "url": canonical_url,
        "articleSection": tactic.category.name,
    }
    if tactic.last_reviewed:
        article["lastReviewed"] = tactic.last_reviewed.isoformat()
    blocks = [article]
    if faqs:
        blocks.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "url": canonical_url,
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": question,
                        "acceptedAnswer": {"@type": "Answer", "text": answer},
                    }
                    for question, answer in faqs
                ],
            }
        )
    return blocks


def dumps_for_script(data) -> SafeString:
    """JSON safe to place between <script> tags."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308 (no <, > or & left to break out of the element)
