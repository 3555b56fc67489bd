"""Official statements by AI search platforms about their own surfaces.

A statement is not a test: it says what the platform does, for its own products only. It
therefore lists only the issuer's surfaces under ``platforms`` (so it counts for those and
no others), and every stance drawn from it begins "Stated, not tested".
"""

from datetime import date

from sources.choices import Method, SourceType

STATED = "Stated, not tested: "

OFFICIAL_SOURCES = [
    {
        "key": "google-ai-optimization-guide",
        "title": "Optimizing your website for generative AI features on Google Search",
        "url": "https://developers.google.com/search/docs/fundamentals/ai-optimization-guide",
        "organisation": "google",
        "venue": "Google Search Central",
        "authors": "",
        "published_on": date(2026, 5, 15),
        "source_type": SourceType.OFFICIAL,
        # The choices have no "official statement" method; a platform's own account of its
        # systems, with no data shown, is closest to expert opinion.
        "method": Method.EXPERT_OPINION,
        "sample_size": None,
        "sample_unit": "",
        "platforms": ["google-aio", "google-ai-mode"],
        "live_tested_on": None,
        "lab_engine": "",
        # Its wording reaches us through several consistent third-party reports.
        "second_hand": True,
        "summary": (
            "Google's Search Central guide to its generative AI features, AI Overviews and AI "
            "Mode. It explains that they ground their answers in Google's core ranking systems "
            "and expand a question into related searches, so that for Google Search optimising "
            "for generative AI remains SEO. A myth-busting section says what is not needed: an "
            "llms.txt or any other AI-only file or markup, content cut into artificial chunks, "
            "pages rewritten in a special style for AI, inauthentic mentions, or special "
            "structured data, which keeps its use for rich results. It speaks for Google's own "
            "surfaces only and reports no test; we know its wording from several consistent "
            "reports of it."
        ),
    },
]
