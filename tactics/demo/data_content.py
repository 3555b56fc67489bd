"""Content tactics: statistics, quotations, citations, tone and freshness."""

from datetime import date
from textwrap import dedent

from sources.choices import Directness, EffectKind, EffectMeasure, Position
from tactics.choices import Effort, Status
from tactics.demo.data_sources_official import STATED
from tactics.demo.data_sources_research import C_SEO_NULL_DETAIL

CONTENT_TACTICS = [
    {
        "slug": "add-statistics",
        "question": "Does adding statistics to your content get it cited more by AI search?",
        "action_name": "adding statistics to your content",
        "category": "content",
        "status": Status.PUBLISHED,
        "effort": Effort.PROJECT,
        "last_reviewed": date(2026, 11, 9),
        "lede": dedent(
            """\
            In the original GEO experiments, rewriting a source to include concrete statistics
            raised its visibility in generated answers by about a third. A later benchmark that
            set many sites against each other found such rewrites mostly stopped working once
            competitors made the same edit. The split has a clear cause: one optimised page in
            a lab against a market in which everyone optimises.
            """
        ),
        "verdict": (
            "statistics helped a single page in a lab test, but the gain mostly vanished once "
            "competing pages made the same edit."
        ),
        "body": dedent(
            """\
            ## What did the GEO experiments find?

            Aggarwal and colleagues built GEO-bench, 10,000 queries from nine datasets, and
            rewrote the sources a generative engine could cite. Adding statistics raised the
            position-weighted share of the answer credited to a source from a baseline of 19.5
            to 25.9, about 33% more, according to a close third-party reading of the paper's
            results table. Only adding quotations did better.

            ## Why did C-SEO Bench reach the opposite result?

            C-SEO Bench tested the same family of rewrites on question answering and product
            recommendation, with several competing sites applying a method at once. Most methods
            failed to improve ranking and often harmed it, and gains shrank as more competitors
            adopted them. A summary of the paper reports that only 3 of 54 method-and-domain
            results stayed significant after correcting for multiple tests.

            ## Do pages that AI search cites carry more numbers?

            SE Ranking reported that pages with 19 or more data points averaged 5.4 ChatGPT
            citations against 2.8 for pages with few numbers. That is a correlation across
            129,000 domains: data-rich pages also tend to be longer and better researched.
            """
        ),
        "limitations": dedent(
            """\
            Both experiments ran a language model over a fixed set of retrieved pages rather
            than the live products people use, so the size of any effect on ChatGPT or AI
            Overviews is unknown. The per-method figures from the GEO paper come from a
            secondary reading of its results table, and the observational data cannot separate
            statistics from the other qualities of the pages that carry them.
            """
        ),
        "implementation_heading": "How to add statistics that earn their place",
        "steps": [
            (
                "Add figures where a reader would ask “how much?” or “how often?”, each with its "
                "source and date beside it."
            ),
            (
                "Prefer numbers you own, such as survey results or product data: competitors "
                "cannot copy them, and C-SEO Bench suggests that copied tactics cancel out."
            ),
            (
                "Keep each figure in the sentence that makes the claim, so that an engine "
                "quoting the sentence carries the number with it."
            ),
            (
                "Compare citations before and after on a handful of pages before rolling the "
                "change out across the site."
            ),
        ],
        "key_findings": [
            (
                "Adding statistics raised a source's share of generated answers about 33% above "
                "the unedited baseline (GEO, KDD 2024)",
                "geo-kdd-2024",
            ),
            (
                "With several competitors optimising at once, most conversational SEO rewrites "
                "failed to help and often hurt (C-SEO Bench, NeurIPS 2025)",
                "c-seo-bench",
            ),
            (
                "Pages with 19 or more data points averaged 5.4 ChatGPT citations against 2.8 "
                "for data-poor pages (SE Ranking, 129,000 domains)",
                "seranking-129k-domains",
            ),
        ],
        "faqs": [
            (
                "Do the numbers need to be original?",
                (
                    "Not for the effect measured in the GEO paper, which added existing figures. "
                    "But in a crowded topic every competitor can add the same public statistics, "
                    "and C-SEO Bench found that gains fade as a tactic spreads; original data is "
                    "much harder to copy."
                ),
            ),
        ],
        "related": ["add-quotations", "cite-sources"],
        "stances": [
            {
                "source": "geo-kdd-2024",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "Statistics Addition lifted position-adjusted word count from 19.5 to 25.9, "
                    "about 33% above the unedited baseline."
                ),
                "detail": "Per-method scores from a secondary reading of the paper's Table 1.",
                "effect": {
                    "measure": EffectMeasure.VISIBILITY,
                    "kind": EffectKind.RELATIVE,
                    "value": "33",
                    "quote": (
                        "Statistics Addition: position-adjusted word count 25.9 against 19.5 "
                        "for the unedited baseline, about +33% (a secondary reading of Table 1)."
                    ),
                },
            },
            {
                "source": "c-seo-bench",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "Content rewrites taken from the GEO paper, statistics among them, were "
                    "largely ineffective once several competitors used them."
                ),
                "detail": C_SEO_NULL_DETAIL,
            },
            {
                "source": "seranking-129k-domains",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "Pages with 19 or more data points averaged 5.4 ChatGPT citations against "
                    "2.8 for pages with few."
                ),
                "effect": {
                    "measure": EffectMeasure.CITATION_RATE,
                    "kind": EffectKind.RELATIVE,
                    "value": "93",
                    "quote": (
                        "As reported in coverage of the study: 5.4 average ChatGPT citations for "
                        "pages with 19 or more data points, 2.8 for pages with fewer (+93% is "
                        "our arithmetic on those two averages)."
                    ),
                },
            },
        ],
    },
    {
        "slug": "add-quotations",
        "question": "Does adding quotations make AI search cite your page more?",
        "action_name": "adding expert quotations to your content",
        "category": "content",
        "status": Status.PUBLISHED,
        "effort": Effort.PROJECT,
        "last_reviewed": date(2026, 11, 9),
        "lede": dedent(
            """\
            Adding quotations was the strongest single rewrite in the 2024 GEO paper, raising a
            source's visibility in generated answers by roughly 43%. The main counter-evidence
            comes from C-SEO Bench, where the same kind of rewrite rarely helped once several
            sites competed. Quotes seem to make a page stand out only while few rivals use them.
            """
        ),
        "verdict": (
            "quotations were the strongest single rewrite in one lab study, yet showed little "
            "dependable benefit once rival pages competed."
        ),
        "body": dedent(
            """\
            ## How big was the effect in the GEO paper?

            Quotation Addition scored 27.8 on position-adjusted word count against a baseline of
            19.5, about 43% higher, in a third-party reading of the paper's Table 1. Of the nine
            rewrites tested it came first, ahead of statistics and citations.

            ## What changes when competitors quote too?

            C-SEO Bench simulated several sites adopting the same tactic. Most of the methods it
            tested, seven of them taken from the GEO paper, were largely ineffective and often
            lowered a page's position, and the benefit fell as adoption grew. Its authors
            describe the contest as zero-sum.

            ## Do cited pages quote more people?

            According to coverage of SE Ranking's ChatGPT study, pages with expert quotes
            averaged 4.1 citations against 2.4 without. The comparison does not control for the
            fact that pages quoting experts tend to be more thorough in general.
            """
        ),
        "limitations": dedent(
            """\
            No study isolates the quotation itself on a live AI search product. The lab figures
            come from one language model answering over fixed search results, and the
            observational figures come from a vendor by way of other sites' summaries.
            """
        ),
        "implementation_heading": "How to use quotations without padding",
        "steps": [
            (
                "Quote named people with relevant expertise, give their role, and quote only "
                "where a paraphrase would lose something."
            ),
            "Keep quotes short enough to be lifted whole into an answer: one or two sentences.",
            ("Link each quote to where it was said, or say that it comes from your own interview."),
        ],
        "key_findings": [
            (
                "Adding quotations raised source visibility about 43% above baseline, the best "
                "of nine rewrites (GEO, KDD 2024)",
                "geo-kdd-2024",
            ),
            (
                "Rewrites borrowed from the GEO paper mostly stopped helping once competing "
                "sites used them too (C-SEO Bench)",
                "c-seo-bench",
            ),
        ],
        "faqs": [],
        "related": ["add-statistics", "cite-sources", "authoritative-tone"],
        "stances": [
            {
                "source": "geo-kdd-2024",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "Quotation Addition scored 27.8 against a baseline of 19.5, about 43% "
                    "higher and the best of the nine methods."
                ),
                "detail": "Per-method scores from a secondary reading of the paper's Table 1.",
                "effect": {
                    "measure": EffectMeasure.VISIBILITY,
                    "kind": EffectKind.RELATIVE,
                    "value": "43",
                    "quote": (
                        "Quotation Addition: position-adjusted word count 27.8 against 19.5 "
                        "for the unedited baseline, about +43% (a secondary reading of Table 1)."
                    ),
                },
            },
            {
                "source": "c-seo-bench",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "Quotation-style rewrites gave no reliable gain once competing sites "
                    "adopted them; the contest was zero-sum."
                ),
                "detail": C_SEO_NULL_DETAIL,
            },
            {
                "source": "seranking-129k-domains",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "Pages with expert quotes averaged 4.1 ChatGPT citations against 2.4 for "
                    "pages without."
                ),
                "effect": {
                    "measure": EffectMeasure.CITATION_RATE,
                    "kind": EffectKind.RELATIVE,
                    "value": "71",
                    "quote": (
                        "As reported in coverage of the study: 4.1 average ChatGPT citations for "
                        "pages with expert quotes, 2.4 without (+71% is our arithmetic on those "
                        "two averages)."
                    ),
                },
            },
        ],
    },
    {
        "slug": "cite-sources",
        "question": "Does citing sources in your content increase AI search citations?",
        "action_name": "citing your sources in the text",
        "category": "content",
        "status": Status.PUBLISHED,
        "effort": Effort.PROJECT,
        "last_reviewed": date(2026, 11, 9),
        "lede": dedent(
            """\
            Adding references to credible sources lifted a page's visibility by about 28% in
            the GEO paper, with the largest gains for pages that started low in the results.
            Under competition C-SEO Bench saw the gain mostly vanish, and audits of live engines
            only show that well-built, well-attributed pages are cited more, without isolating
            the references themselves.
            """
        ),
        "verdict": (
            "citing sources helped in one controlled study, most of all for lower-ranked pages, "
            "but not dependably when rival pages did the same."
        ),
        "body": dedent(
            """\
            ## What did the GEO paper find?

            The Cite Sources rewrite scored 24.9 against a baseline of 19.5, about 28% higher,
            in a secondary reading of the results table. Another reported detail, still to be
            checked against the paper, is that it raised the visibility of fifth-placed sources
            by about 115% while top-placed sources lost a little: the method seems to move
            attention between sources rather than create it.

            ## Does the effect survive competition?

            C-SEO Bench included citation-style rewrites among the methods it tested with
            several competing sites. Most were largely ineffective and often harmful, while
            classic SEO aimed at retrieval rank did far better.

            ## What do audits of live engines show?

            The GEO-16 audit of 1,702 citations from Brave Summary, Google AI Overviews and
            Perplexity found overall page quality strongly associated with being cited. It is
            observational and limited to English-language B2B software pages, so it cannot say
            whether adding references caused any citation.
            """
        ),
        "limitations": dedent(
            """\
            The 115% figure for fifth-placed sources is second-hand. Neither experiment tested
            ChatGPT, Gemini or AI Overviews directly; both used a language model over a fixed
            set of pages.
            """
        ),
        "implementation_heading": "How to cite sources so that readers and engines can check you",
        "steps": [
            "Link each factual claim to its primary source, not to a blog that repeated it.",
            (
                "Name the source in the sentence (“Pew Research Center found …”) as well as "
                "linking to it."
            ),
            "Date your references and replace those that newer work has superseded.",
        ],
        "key_findings": [
            (
                "Citing sources raised visibility about 28% over baseline, with lower-ranked "
                "sources gaining most (GEO, KDD 2024)",
                "geo-kdd-2024",
            ),
            (
                "Under competition, most content rewrites of this kind were ineffective or "
                "harmful (C-SEO Bench)",
                "c-seo-bench",
            ),
        ],
        "faqs": [],
        "related": ["add-statistics", "add-quotations"],
        "stances": [
            {
                "source": "geo-kdd-2024",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "Cite Sources scored 24.9 against a baseline of 19.5, about 28% higher, with "
                    "the biggest gains for low-placed sources."
                ),
                "detail": (
                    "Reported second-hand: fifth-placed sources gained about 115% while the top "
                    "source lost some visibility."
                ),
                "effect": {
                    "measure": EffectMeasure.VISIBILITY,
                    "kind": EffectKind.RELATIVE,
                    "value": "28",
                    "quote": (
                        "Cite Sources: position-adjusted word count 24.9 against 19.5 for the "
                        "unedited baseline, about +28% (a secondary reading of Table 1)."
                    ),
                },
            },
            {
                "source": "c-seo-bench",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "Citation-style rewrites were largely ineffective once several competitors "
                    "used them."
                ),
                "detail": C_SEO_NULL_DETAIL,
            },
            {
                "source": "geo-16-audit",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "Overall page quality went with citation, but the audit cannot separate "
                    "references from the other quality signals."
                ),
            },
        ],
    },
    {
        "slug": "authoritative-tone",
        "question": "Does writing in an authoritative tone increase AI search citations?",
        "action_name": "writing in an authoritative tone",
        "category": "content",
        "status": Status.PUBLISHED,
        "effort": Effort.PROJECT,
        "last_reviewed": date(2026, 10, 28),
        "lede": dedent(
            """\
            Rewriting a page to sound more confident did not bring a meaningful gain in the GEO
            experiments, according to secondary readings of the results, and C-SEO Bench found
            style-level rewrites largely ineffective. Engines seem to reward substance they can
            quote rather than tone.
            """
        ),
        "verdict": (
            "an authoritative rewrite brought no meaningful gain in the GEO paper, and "
            "competing rewrites rarely helped in C-SEO Bench."
        ),
        "body": dedent(
            """\
            ## What did the GEO paper test?

            One of its nine methods rewrote sources in a more persuasive, authoritative voice
            without adding facts. Secondary readings of the results report no meaningful rise in
            visibility, unlike the gains from adding quotations, statistics and citations.

            ## Does tone help under competition?

            C-SEO Bench took seven of its methods from the GEO paper and added two of its own.
            Most were largely ineffective and often lowered a page's position once competitors
            used them too.

            ## What seems to work instead?

            Verifiable substance. In the same GEO experiments, adding quotations, statistics or
            references each raised visibility by roughly 28–43%.
            """
        ),
        "limitations": dedent(
            """\
            The tone result comes from secondary readings rather than figures we could check,
            and neither study tested tone on a live engine. Tone may still matter to readers and
            to how they see a brand.
            """
        ),
        "implementation_heading": "How to sound credible to engines and readers",
        "steps": [
            "Replace confident adjectives with evidence: a figure, a named source, a quotation.",
            (
                "State limits and uncertainty plainly; accurate, hedged claims are easier to cite "
                "correctly."
            ),
            "Keep the voice that fits your brand instead of rewriting it for AI.",
        ],
        "key_findings": [
            (
                "An authoritative-tone rewrite showed no meaningful visibility gain, unlike "
                "adding quotations or statistics (GEO, KDD 2024)",
                "geo-kdd-2024",
            ),
            (
                "Most style and content rewrites stopped helping once competing sites adopted "
                "them too (C-SEO Bench, NeurIPS 2025)",
                "c-seo-bench",
            ),
        ],
        "faqs": [],
        "related": ["add-quotations", "add-statistics"],
        "stances": [
            {
                "source": "geo-kdd-2024",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "The authoritative rewrite produced no meaningful visibility gain over the "
                    "unedited baseline."
                ),
                "detail": (
                    "A null result, known from secondary readings of the paper. Another "
                    "secondary reading credits the authoritative rewrite with about +11%; which "
                    "version of the paper each reading used is not stated."
                ),
            },
            {
                "source": "c-seo-bench",
                "position": Position.NO_EFFECT,
                "directness": Directness.PARTIAL,
                "finding": (
                    "Style-level rewrites from the GEO paper were mostly ineffective once "
                    "competitors used them."
                ),
                "detail": C_SEO_NULL_DETAIL,
            },
            {
                "source": "google-ai-optimization-guide",
                "position": Position.NO_EFFECT,
                "directness": Directness.PARTIAL,
                "finding": STATED
                + (
                    "Google says pages need not be rewritten in a special style for its AI "
                    "features, on AI Overviews and AI Mode only."
                ),
            },
        ],
    },
    {
        "slug": "content-freshness-visible-dates",
        "question": "Does keeping content fresh and dated help AI search citations?",
        "action_name": "keeping content fresh and showing its date",
        "category": "content",
        "status": Status.PUBLISHED,
        "effort": Effort.PROGRAMME,
        "last_reviewed": date(2026, 11, 12),
        "lede": dedent(
            """\
            Independent lines of evidence agree that AI engines lean towards recent pages.
            Ahrefs found AI-cited URLs about a quarter fresher than organic results, a
            controlled experiment found that a recent timestamp consistently helped a source be
            cited first, and an audit of three engines tied metadata and freshness to citation.
            """
        ),
        "verdict": (
            "recency is one of the few signals that both a controlled experiment and large "
            "observational studies back."
        ),
        "body": dedent(
            """\
            ## How much fresher are AI-cited pages?

            Ahrefs compared about 17 million citations from AI assistants with organic search
            results. Cited URLs averaged 1,064 days old against 1,432 days for organic results,
            about 25.7% fresher, according to reports of the study. ChatGPT leaned furthest
            towards newer pages.

            ## Does a visible date make a difference on its own?

            Vishwakarma, Kumar and Jamidar ran 252,000 paired trials across six language models,
            changing one factor at a time between two otherwise matched sources. A recent
            timestamp consistently helped a source be cited first, as did an explicit price;
            topical relevance and position in the list mattered most.

            ## Do live engines reward freshness signals?

            The GEO-16 audit of 1,702 citations from Brave Summary, Google AI Overviews and
            Perplexity found the metadata and freshness pillar among those most strongly
            associated with being cited.
            """
        ),
        "limitations": dedent(
            """\
            The controlled study placed pages straight into a model's context, so it shows how
            models choose between retrieved pages, not whether fresh pages are retrieved more
            often. Changing a date without changing the content was not tested and may be
            treated as manipulation. The Ahrefs figures reach us second-hand, and the same study
            found Google AI Overviews to be the exception, citing pages slightly older than the
            organic results.
            """
        ),
        "implementation_heading": "How to keep pages fresh in a way engines can see",
        "steps": [
            (
                "Show a visible “last updated” date on pages that change, and keep the same date "
                "in the page's metadata."
            ),
            (
                "Review your most important pages on a schedule and update the substance, not "
                "only the date."
            ),
            "Put time-sensitive facts such as prices and versions near the top of the page.",
        ],
        "key_findings": [
            (
                "AI-cited URLs averaged 1,064 days old against 1,432 for organic results, about "
                "25.7% fresher (Ahrefs, about 17 million citations)",
                "ahrefs-fresh-content",
            ),
            (
                "A recent timestamp consistently helped a source be cited first across six models "
                "(What Gets Cited, 252,000 trials)",
                "what-gets-cited-2026",
            ),
            (
                "Metadata and freshness was among the page-quality pillars most tied to citation "
                "(GEO-16, 1,702 citations)",
                "geo-16-audit",
            ),
        ],
        "faqs": [
            (
                "Will changing the date alone work?",
                (
                    "Nobody has tested that in public, and a date that moves without any change "
                    "to the content misleads readers. Update what the page says, then the date."
                ),
            ),
        ],
        "related": ["formatting-only-edits", "add-statistics"],
        "stances": [
            {
                "source": "ahrefs-fresh-content",
                # Fresher on the assistants overall, but not on Google AI Overviews.
                "position": Position.MIXED,
                "directness": Directness.DIRECT,
                "finding": (
                    "AI-cited URLs averaged 1,064 days old against 1,432 for organic results, "
                    "about 25.7% fresher; AI Overviews cited slightly older pages than organic "
                    "results."
                ),
                "detail": (
                    "The figures reach us through other sites' reports. The measure is the age "
                    "of cited pages, not a change in visibility, so no effect size is recorded."
                ),
            },
            {
                "source": "what-gets-cited-2026",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "A recent timestamp consistently raised a source's chance of being cited "
                    "first across six language models."
                ),
            },
            {
                "source": "geo-16-audit",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "The metadata and freshness pillar was among those most strongly associated "
                    "with citation across three engines."
                ),
            },
        ],
    },
]
