"""On-page and technical tactics: keyword stuffing, formatting, schema, llms.txt, HTML."""

from datetime import date
from textwrap import dedent

from sources.choices import Directness, EffectKind, EffectMeasure, Position
from tactics.choices import Effort, Status
from tactics.demo.data_sources_official import STATED
from tactics.demo.data_sources_research import C_SEO_NULL_DETAIL

ONPAGE_TECHNICAL_TACTICS = [
    {
        "slug": "keyword-stuffing",
        "question": "Does keyword stuffing help pages get cited in AI answers?",
        "action_name": "stuffing pages with keywords",
        "category": "on-page",
        "status": Status.PUBLISHED,
        "effort": Effort.PROJECT,
        "last_reviewed": date(2026, 11, 2),
        "lede": dedent(
            """\
            No. Keyword stuffing was the one rewrite in the GEO paper that left sources less
            visible than doing nothing, in the lab and in a check on Perplexity. C-SEO Bench,
            which did not test stuffing itself, found the neighbouring content rewrites it did
            test largely ineffective.
            """
        ),
        "verdict": (
            "in the one controlled study that tested it, keyword-stuffed pages were less visible "
            "in generated answers than the unedited baseline."
        ),
        "body": dedent(
            """\
            ## What happened to stuffed pages in the GEO experiments?

            Keyword stuffing scored 17.8 on position-adjusted word count against a baseline of
            19.5, roughly 9% worse, in a third-party reading of the results table; the same
            reading puts it about 10% below baseline in the Perplexity check. Every other
            rewrite tested moved visibility up.

            ## Did C-SEO Bench test it too?

            Not directly: keyword stuffing is not among the rewrites in its released code. The
            content-side methods it did test, taken from the GEO paper, were largely ineffective
            and often lowered a page's position, while traditional SEO aimed at retrieval rank
            was clearly more effective.

            ## Why would an engine ignore repeated keywords?

            Language models judge relevance by meaning rather than by counting terms, so
            repetition adds length without adding anything a model can use. That explanation is
            ours; the studies measured the outcome, not its cause.
            """
        ),
        "limitations": dedent(
            """\
            Only the GEO paper tested stuffing itself, mostly with a language model over pages
            that had already been retrieved, so it says nothing about whether stuffing changes
            which pages are retrieved; its per-method figures come from a secondary reading.
            Classic search engines have discouraged the practice for years, which is a separate
            reason to avoid it.
            """
        ),
        "implementation_heading": "What to do instead of keyword stuffing",
        "steps": [
            (
                "Use the words your readers use, once, in the title and the first heading, then "
                "write naturally."
            ),
            "Cover the follow-up questions a reader would ask instead of repeating the first one.",
            "Remove boilerplate keyword blocks from templates and footers.",
        ],
        "key_findings": [
            (
                "Keyword stuffing scored about 9% below the unedited baseline, the only rewrite "
                "that lost visibility (GEO, KDD 2024)",
                "geo-kdd-2024",
            ),
            (
                "The neighbouring content rewrites it tested were largely ineffective across two "
                "tasks and three domains each (C-SEO Bench)",
                "c-seo-bench",
            ),
        ],
        "faqs": [
            (
                "Is using keywords at all still fine?",
                (
                    "Yes. Using the reader's own terms in the title and headings helps classic "
                    "search and AI engines match a page to a question; the studies measured heavy "
                    "repetition, not sensible wording."
                ),
            ),
        ],
        "related": ["formatting-only-edits", "authoritative-tone"],
        "stances": [
            {
                "source": "geo-kdd-2024",
                "position": Position.WORSENS,
                "directness": Directness.DIRECT,
                "finding": (
                    "Keyword Stuffing scored 17.8 against a baseline of 19.5, about 9% worse, and "
                    "about 10% below baseline on Perplexity."
                ),
                "detail": "Per-method scores from a secondary reading of the paper's Table 1.",
                "effect": {
                    "measure": EffectMeasure.VISIBILITY,
                    "kind": EffectKind.RELATIVE,
                    "value": "-9",
                    "quote": (
                        "Keyword Stuffing: position-adjusted word count 17.8 against 19.5 for "
                        "the unedited baseline, about −9% (a secondary reading of Table 1)."
                    ),
                },
            },
            {
                "source": "c-seo-bench",
                "position": Position.NO_EFFECT,
                # Keyword stuffing is not among its methods: the rewrites it tested are the
                # neighbouring tactic.
                "directness": Directness.PARTIAL,
                "finding": (
                    "Did not test keyword stuffing; the neighbouring content rewrites it did test "
                    "were largely ineffective under competition."
                ),
                "detail": C_SEO_NULL_DETAIL,
            },
        ],
    },
    {
        "slug": "formatting-only-edits",
        "question": "Do formatting-only edits make AI search cite your page more?",
        "action_name": "making formatting-only edits",
        "category": "on-page",
        "status": Status.PUBLISHED,
        "effort": Effort.PROJECT,
        "last_reviewed": date(2026, 11, 12),
        "lede": dedent(
            """\
            Reformatting a page without changing what it says appears to do little. In a
            controlled study of 252,000 paired trials across six language models, formatting-only
            edits barely changed which source was cited first, while relevance, position, prices
            and recent dates did.
            """
        ),
        "verdict": (
            "the one controlled test found that formatting-only edits, on their own, had little "
            "effect on citation."
        ),
        "body": dedent(
            """\
            ## What did the controlled test compare?

            Vishwakarma, Kumar and Jamidar placed two candidate sources in a model's context and
            changed exactly one of 18 content factors between them, anonymising brands and
            swapping the order to cancel out position bias. Across six models and 252,000
            trials, topical relevance and list position drove which source was cited first.
            Prices and a recent timestamp helped consistently, completeness and trust cues a
            little, and formatting-only edits hardly at all.

            ## Why might formatting matter less to models than to readers?

            Models read the text of retrieved pages, so bullet points, bold type and tables
            change how a page looks more than what it says. That is our reading of the result,
            not something the study tested.

            ## What does Google say?

            Its May 2026 guide to generative AI features on Google Search says content does not
            need to be cut into artificial chunks for AI Overviews or AI Mode. That is a
            statement about Google's own surfaces, not a test.
            """
        ),
        "limitations": dedent(
            """\
            This is a single preprint. It measured which of two injected sources a model cites
            first, not whether formatting affects crawling or retrieval, and it did not test the
            live AI search products. Formatting can still help human readers, which is reason
            enough to do it well.
            """
        ),
        "implementation_heading": "Where to put formatting effort instead",
        "steps": [
            "Format for readers: short paragraphs, descriptive headings, tables for tabular data.",
            (
                "Spend the time you would have put into AI-specific formatting on relevance: "
                "answer the question the page is named for, early and plainly."
            ),
            "Add the concrete details the study found helpful, such as prices and an update date.",
        ],
        "key_findings": [
            (
                "Formatting-only edits had little effect on which source was cited first across "
                "six models (What Gets Cited, 252,000 trials)",
                "what-gets-cited-2026",
            ),
            (
                "Topical relevance and list position were the strongest drivers of being cited "
                "first (What Gets Cited)",
                "what-gets-cited-2026",
            ),
        ],
        "faqs": [],
        "related": ["content-freshness-visible-dates", "keyword-stuffing"],
        "stances": [
            {
                "source": "what-gets-cited-2026",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "Formatting-only edits had little impact on which of two sources six models "
                    "cited first."
                ),
            },
            {
                "source": "google-ai-optimization-guide",
                "position": Position.NO_EFFECT,
                "directness": Directness.PARTIAL,
                "finding": STATED
                + (
                    "Google says content need not be split into artificial chunks for AI "
                    "Overviews or AI Mode."
                ),
            },
        ],
    },
    {
        "slug": "schema-markup-json-ld",
        "question": "Does schema markup (JSON-LD) increase AI search citations?",
        "action_name": "adding schema markup",
        "category": "technical",
        "status": Status.PUBLISHED,
        "effort": Effort.TEMPLATE,
        "last_reviewed": date(2026, 11, 19),
        "lede": dedent(
            """\
            Pages that AI engines cite are more likely to carry JSON-LD, but the correlation has
            not survived closer tests. When Ahrefs tracked 1,885 pages that added schema against
            matched controls, citations did not rise on Google AI Overviews, AI Mode or ChatGPT,
            and a preprint that accounted for search rank found no independent effect either.
            """
        ),
        "verdict": (
            "the best-controlled studies found no citation gain from adding schema; only an "
            "observational audit ties it to citation."
        ),
        "body": dedent(
            """\
            ## Why do so many people believe schema helps?

            Because cited pages often have it. An Ahrefs pre-study of about 6 million URLs, as
            reported by several outlets, found cited pages roughly three times as likely to
            carry JSON-LD, and the GEO-16 audit found structured data among the quality pillars
            most associated with citation. Sites that invest in markup tend to invest in
            content and links too.

            ## What happened when pages added schema?

            Ahrefs compared 1,885 pages that added JSON-LD between August 2025 and March 2026
            with about 4,000 matched pages that did not, over 30 days either side. Relative to
            the controls, AI Overview citations fell 4.6%, a significant change within a wider
            decline; AI Mode rose 2.4% and ChatGPT 2.2%, both within noise.

            ## Does schema matter once rank is accounted for?

            Growth Marshal's preprint on 730 ChatGPT and Gemini citations first found schema
            associated with fewer citations, then traced that to the make-up of its control
            sample. The corrected model found no effect (odds ratio 0.68, p about 0.30), while
            Google position remained the strongest predictor. SE Ranking likewise reported that
            pages without FAQ schema averaged more ChatGPT citations than pages with it.

            ## What does Google say?

            Google's May 2026 guide to its generative AI features says no special structured
            data is needed for AI Overviews or AI Mode; markup keeps its use for rich results.
            It is a statement about Google's surfaces, not a test, and says nothing of other
            engines.
            """
        ),
        "limitations": dedent(
            """\
            The pages in the Ahrefs study were already well cited before they added markup, so
            it cannot say whether schema helps an uncited page get noticed, and 30 days may be
            too short for slower effects. All of these studies come from vendors, and none tests
            attribute-rich markup, such as complete product data, on its own.
            """
        ),
        "implementation_heading": "How to treat schema markup in an AI search plan",
        "steps": [
            (
                "Keep the markup you need for classic rich results and for accurate product, "
                "price and organisation data."
            ),
            (
                "Do not expect new JSON-LD alone to raise AI citations; budget it as hygiene, not "
                "as a growth lever."
            ),
            (
                "If you test it, compare pages that gained markup with similar pages that did "
                "not, as Ahrefs did, rather than reading a before-and-after chart."
            ),
        ],
        "key_findings": [
            (
                "Pages that added JSON-LD saw no citation lift against matched controls; AI "
                "Overview citations fell 4.6% (Ahrefs, 1,885 pages)",
                "ahrefs-schema-did",
            ),
            (
                "Once sample bias was corrected, schema had no independent effect on ChatGPT and "
                "Gemini citations (Growth Marshal, 730 citations)",
                "growth-marshal-schema",
            ),
            (
                "Structured data was among the quality pillars most associated with citation in "
                "an observational audit (GEO-16, 1,702 citations)",
                "geo-16-audit",
            ),
        ],
        "faqs": [
            (
                "Should I remove the schema I already have?",
                (
                    "No. It is still how pages qualify for rich results in classic search, and "
                    "accurate structured data does no harm. The evidence only says that adding "
                    "it is unlikely to raise AI citations by itself."
                ),
            ),
        ],
        "related": ["llms-txt", "semantic-html"],
        "stances": [
            {
                "source": "ahrefs-schema-did",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "Adding JSON-LD brought no citation gain against matched controls: AI "
                    "Overviews −4.6%, AI Mode +2.4% and ChatGPT +2.2%, the last two within noise."
                ),
                "detail": (
                    "The AI Overviews drop was significant but sat inside a wider decline, and "
                    "the two gains were within noise, so we record no effect rather than harm."
                ),
                "effect": {
                    "measure": EffectMeasure.CITATION_RATE,
                    "kind": EffectKind.RELATIVE,
                    "value": "-4.6",
                    "quote": (
                        "Against matched controls, AI Overview citations changed by −4.6% "
                        "(significant, within a wider decline), AI Mode by +2.4% and ChatGPT by "
                        "+2.2% (both noise)."
                    ),
                },
            },
            {
                "source": "growth-marshal-schema",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "After correcting for sample bias, schema presence had no effect on citation "
                    "(odds ratio 0.68, p about 0.30)."
                ),
                "detail": "A null result rather than a harmful one.",
                "effect": {
                    "measure": EffectMeasure.CITATION_RATE,
                    "kind": EffectKind.ODDS_RATIO,
                    "value": "0.68",
                    "p": "0.30",
                    "quote": (
                        "In the corrected model, schema presence had an odds ratio of 0.68 for "
                        "being cited, with p of about 0.30: no effect."
                    ),
                },
            },
            {
                "source": "seranking-129k-domains",
                "position": Position.NO_EFFECT,
                "directness": Directness.PARTIAL,
                "finding": (
                    "Pages without FAQ schema averaged more ChatGPT citations than pages with it."
                ),
            },
            {
                "source": "geo-16-audit",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "The structured data pillar was among those most strongly associated with "
                    "citation in an observational audit."
                ),
            },
            {
                "source": "google-ai-optimization-guide",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": STATED
                + (
                    "Google says no special structured data is needed for AI Overviews or AI "
                    "Mode; markup stays useful for rich results."
                ),
            },
        ],
    },
    {
        "slug": "llms-txt",
        "question": "Does an llms.txt file improve AI search visibility?",
        "action_name": "publishing an llms.txt file",
        "category": "technical",
        "status": Status.PUBLISHED,
        "effort": Effort.TEMPLATE,
        "last_reviewed": date(2026, 11, 19),
        "lede": dedent(
            """\
            Three separate datasets point the same way: an llms.txt file makes no measurable
            difference to how often AI engines cite a site. Where an effect first appeared, it
            disappeared once the authority of the domains was taken into account. Google, for
            its part, says its AI features do not need the file.
            """
        ),
        "verdict": (
            "across roughly 350,000 domains in three studies, llms.txt showed no link with AI "
            "citations once domain strength was taken into account."
        ),
        "body": dedent(
            """\
            ## How many sites have adopted llms.txt?

            SE Ranking found the file on 10.13% of about 300,000 domains, with adoption spread
            evenly across traffic tiers. Trakkr found it on 5,035 of 37,894 domains that AI
            engines cite, and the most-cited sites were the least likely to have one.

            ## Is the file associated with more citations?

            No. According to reports of SE Ranking's study, citation frequency did not correlate
            with the file, and an XGBoost model predicted citations better once the llms.txt
            feature was removed. Trakkr measured 6.8 average citations with the file and 6.7
            without, identical medians of 3.0 and a p-value of about 0.85.

            ## What about better-written llms.txt files?

            Search Atlas checked 13,911 domains against 83,387 visibility records from six
            platforms. Better files seemed to go with more visibility at first, but domain
            authority explained the pattern: stronger sites write tidier files, and the file
            adds nothing once authority is held constant.

            ## What do the platforms say?

            Google's May 2026 guide to generative AI features on Google Search says no llms.txt
            or other AI-specific file is needed for AI Overviews or AI Mode. The measured nulls
            and the statement agree; the statement covers Google's surfaces only.
            """
        ),
        "limitations": dedent(
            """\
            All three studies are observational and come from companies that sell SEO or
            AI-visibility tools. None measured what happens after a site adds the file, and an
            engine could start reading llms.txt at any time, which would change the picture.
            """
        ),
        "implementation_heading": "What to do about llms.txt",
        "steps": [
            (
                "Do not expect an llms.txt file to raise AI citations; spend the time on pages "
                "that rank and get mentioned instead."
            ),
            (
                "If you publish one anyway, keep it short and accurate, and make sure robots.txt "
                "lets AI crawlers reach the pages it lists."
            ),
            "Look again if an AI search provider announces that it reads the file.",
        ],
        "key_findings": [
            (
                "Sites with llms.txt averaged 6.8 AI citations against 6.7 without, with "
                "identical medians (Trakkr, 37,894 domains)",
                "trakkr-llms-txt",
            ),
            (
                "An apparent llms.txt effect disappeared once domain authority was controlled for "
                "(Search Atlas, 13,911 domains)",
                "searchatlas-llms-txt",
            ),
            (
                "Dropping llms.txt from a citation model improved its predictions (SE Ranking, "
                "about 300,000 domains)",
                "seranking-llms-txt",
            ),
            (
                "Google says AI Overviews and AI Mode need no llms.txt file: stated, not tested "
                "(Google Search Central, May 2026)",
                "google-ai-optimization-guide",
            ),
        ],
        "faqs": [],
        "related": ["schema-markup-json-ld"],
        "stances": [
            {
                "source": "trakkr-llms-txt",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "Average citations were 6.8 with llms.txt and 6.7 without; medians were both "
                    "3.0 (p about 0.85)."
                ),
                "effect": {
                    "measure": EffectMeasure.CITATION_RATE,
                    "kind": EffectKind.RELATIVE,
                    "value": "1.5",
                    "p": "0.85",
                    "quote": (
                        "Domains with llms.txt averaged 6.8 AI citations, domains without 6.7, "
                        "both with a median of 3.0; Mann-Whitney p about 0.85 (+1.5% is our "
                        "arithmetic on the two averages)."
                    ),
                },
            },
            {
                "source": "searchatlas-llms-txt",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "llms.txt adoption did not predict LLM visibility once domain authority was "
                    "held constant."
                ),
            },
            {
                "source": "seranking-llms-txt",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": (
                    "No correlation with citation frequency; removing the llms.txt feature "
                    "improved the prediction model."
                ),
            },
            {
                "source": "google-ai-optimization-guide",
                "position": Position.NO_EFFECT,
                "directness": Directness.DIRECT,
                "finding": STATED
                + (
                    "Google says AI Overviews and AI Mode need no llms.txt or other AI-specific "
                    "file or markup."
                ),
            },
        ],
    },
    {
        "slug": "semantic-html",
        "question": "Does semantic HTML help AI search cite your pages?",
        "action_name": "using semantic HTML",
        "category": "technical",
        "status": Status.DRAFT,
        "effort": Effort.TEMPLATE,
        "last_reviewed": None,
        "lede": dedent(
            """\
            An audit of 1,702 citations from Brave Summary, Google AI Overviews and Perplexity
            found semantic HTML among the page-quality signals most associated with being cited.
            It is a single observational study of English-language B2B software pages, so this
            page remains a draft.
            """
        ),
        "verdict": (
            "one observational audit links semantic HTML to citation, but nothing has tested it "
            "directly."
        ),
        "body": dedent(
            """\
            ## What did the GEO-16 audit measure?

            Kumar and Palkhouski scored 1,100 cited URLs on 16 quality pillars and related the
            scores to citation. Metadata and freshness, semantic HTML and structured data showed
            the strongest associations, and pages scoring at least 0.70 with 12 or more pillars
            met were cited at much higher rates.

            ## What would settle the question?

            A study that changes the markup of matched pages and then measures citations, as
            Ahrefs did for JSON-LD. None has been published for semantic HTML.
            """
        ),
        "limitations": (
            "Observational, one vertical and one language, and the pillars overlap: well-built "
            "pages tend to score well on all of them."
        ),
        "implementation_heading": "How to apply semantic HTML sensibly",
        "steps": [
            (
                "Use one h1, headings nested in order, and the article, nav and main elements "
                "for their intended purposes."
            ),
            "Mark up tables as tables and lists as lists rather than styling divs to look alike.",
            "Treat this as accessibility practice first; any AI benefit is unproven.",
        ],
        "key_findings": [
            (
                "Semantic HTML was among the pillars most associated with citation across three "
                "engines (GEO-16, 1,702 citations)",
                "geo-16-audit",
            ),
            (
                "Pages scoring at least 0.70 overall with 12 or more pillars met were cited at "
                "much higher rates (GEO-16)",
                "geo-16-audit",
            ),
        ],
        "faqs": [],
        "related": ["schema-markup-json-ld"],
        "stances": [
            {
                "source": "geo-16-audit",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "The semantic HTML pillar was among those most strongly associated with "
                    "citation across Brave Summary, AI Overviews and Perplexity."
                ),
            },
        ],
    },
]
