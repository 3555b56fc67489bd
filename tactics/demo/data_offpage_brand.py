"""Off-page, brand and measurement tactics: rankings, mentions, communities, tracking."""

from datetime import date
from textwrap import dedent

from sources.choices import Directness, EffectKind, EffectMeasure, Position
from tactics.choices import Effort, Status
from tactics.demo.data_sources_official import STATED

OFFPAGE_BRAND_TACTICS = [
    {
        "slug": "rank-well-in-classic-search",
        "question": "Does ranking well in classic search get you cited by AI search?",
        "action_name": "ranking well in classic search",
        "category": "off-page",
        "status": Status.PUBLISHED,
        "effort": Effort.PROGRAMME,
        "last_reviewed": date(2026, 11, 16),
        "lede": dedent(
            """\
            Mostly yes. The better a page ranks, the more often AI engines cite it: Growth
            Marshal found first-placed Google results cited for 43% of the queries they appeared
            in, against 5% at seventh place, and C-SEO Bench found classic SEO far more effective
            than rewriting content for AI. The link is loosening, though: Ahrefs reported the
            share of AI Overview citations that also rank in Google's top ten falling from about
            76% to about 38%.
            """
        ),
        "verdict": (
            "rank remains the best single predictor of citation, though the link is weakening "
            "as a growing share of citations comes from outside the top ten."
        ),
        "body": dedent(
            """\
            ## How strongly does position predict citation?

            Growth Marshal's preprint followed 730 ChatGPT and Gemini citations across 75
            queries. Google position was the strongest predictor, with the odds of citation
            falling by about a quarter for each place down the results (odds ratio about 0.76).
            AirOps found a similar slope inside ChatGPT's own retrieval: first-ranked pages were
            cited 58.4% of the time and tenth-ranked pages 14.2%.

            ## Is classic SEO better than optimising for AI directly?

            In C-SEO Bench's retail setting, classic SEO aimed at retrieval rank was about 7.6
            times as effective as the best conversational method, according to a summary of the
            paper. Seer Interactive matched 87% of SearchGPT citations to Bing's top results,
            which points to the same gate for ChatGPT. For its own surfaces, Google's May 2026
            guide says the same in words: AI Overviews and AI Mode draw on its core ranking
            systems, so optimising for them is still SEO.

            ## Why is the overlap with Google's top ten shrinking?

            Ahrefs' updated study of 863,000 keywords and 4 million cited URLs found only about
            38% of AI Overview citations in the top ten for the same query, against about 76% in
            its earlier study. Ahrefs credits query fan-out, in which the engine runs related
            sub-queries and cites pages that rank for those, and notes that its own measurement
            improved between the two studies.
            """
        ),
        "limitations": dedent(
            """\
            Rank and citation both follow from relevance and quality, so part of the correlation
            may be a shared cause rather than an effect. The two Ahrefs overlap figures come from
            studies with different methods, and the C-SEO Bench multiple comes from a secondary
            summary.
            """
        ),
        "implementation_heading": "How to turn rankings into AI citations",
        "steps": [
            (
                "List the questions you want AI answers for and check where you rank for them "
                "today, in Google and in Bing."
            ),
            (
                "Check the related sub-questions an engine is likely to search as well, since "
                "many AI Overview citations rank for those rather than for the original query."
            ),
            (
                "Work first on pages ranked between fifth and twentieth, where a few places make "
                "the biggest difference to the odds of citation."
            ),
            (
                "Make sure Bing indexes your pages, since ChatGPT's search citations follow "
                "Bing's results closely."
            ),
        ],
        "key_findings": [
            (
                "First-placed Google results were cited for 43% of their queries against 5% at "
                "seventh place (Growth Marshal, 730 citations)",
                "growth-marshal-schema",
            ),
            (
                "Classic SEO aimed at retrieval rank beat the best conversational rewrite about "
                "7.6-fold in retail (C-SEO Bench)",
                "c-seo-bench",
            ),
            (
                "Only about 38% of AI Overview citations rank in Google's top ten, down from "
                "about 76% (Ahrefs, 863,000 keywords)",
                "ahrefs-aio-top10-overlap",
            ),
        ],
        "faqs": [],
        "related": ["backlinks-ai-search-citations", "content-freshness-visible-dates"],
        "stances": [
            {
                "source": "growth-marshal-schema",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "Google position was the strongest predictor of citation, with odds falling "
                    "about 24% per place (odds ratio 0.76)."
                ),
                "detail": (
                    "First-placed pages were cited for 43% of the queries they appeared in, "
                    "seventh-placed pages for 5%."
                ),
                "effect": {
                    "measure": EffectMeasure.CITATION_RATE,
                    "kind": EffectKind.ODDS_RATIO,
                    "value": "0.76",
                    "quote": (
                        "Google organic position was the strongest predictor of citation, with "
                        "an odds ratio of about 0.76 for each place further down the results."
                    ),
                },
            },
            {
                "source": "c-seo-bench",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "Classic SEO aimed at retrieval rank was clearly more effective than any "
                    "conversational SEO method."
                ),
                "detail": "About 7.6 times as effective in retail, per a secondary summary.",
            },
            {
                "source": "airops-fan-out-effect",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "Retrieval rank dominated ChatGPT citation: 58.4% at rank one against 14.2% "
                    "at rank ten."
                ),
                "effect": {
                    "measure": EffectMeasure.CITATION_RATE,
                    "kind": EffectKind.ABSOLUTE_PP,
                    "value": "44.2",
                    "quote": (
                        "As reported in summaries of the report: pages retrieved at rank one "
                        "were cited 58.4% of the time, at rank ten 14.2% (44.2 points is our "
                        "arithmetic on those two rates)."
                    ),
                },
            },
            {
                "source": "seer-searchgpt-bing",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": "About 87% of SearchGPT citations matched Bing's top results.",
            },
            {
                "source": "ahrefs-aio-top10-overlap",
                "position": Position.MIXED,
                "directness": Directness.DIRECT,
                "finding": (
                    "About 38% of AI Overview citations ranked in the top ten, down from about "
                    "76%; ranking helps but no longer gates citation."
                ),
            },
            {
                "source": "google-ai-optimization-guide",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": STATED
                + (
                    "Google says AI Overviews and AI Mode ground their answers in its core "
                    "ranking systems, so optimising for them is still SEO."
                ),
            },
        ],
    },
    {
        "slug": "earned-media-brand-mentions",
        "question": "Do earned media and brand mentions increase AI search visibility?",
        "action_name": "earning third-party coverage and brand mentions",
        "category": "brand-entity",
        "status": Status.PUBLISHED,
        "effort": Effort.PROGRAMME,
        "last_reviewed": date(2026, 11, 12),
        "lede": dedent(
            """\
            Of all the signals studied so far, mentions of a brand on other sites track AI
            visibility most closely. Ahrefs found branded web mentions correlated with AI
            Overview visibility about three times as strongly as backlinks, and a University of
            Toronto study found AI engines drawing heavily on earned, third-party media rather
            than on brands' own sites.
            """
        ),
        "verdict": (
            "brand mentions are the strongest correlate of AI visibility found so far, though "
            "no study has yet shown cause and effect."
        ),
        "body": dedent(
            """\
            ## How closely do mentions track AI visibility?

            In Ahrefs' study of 75,000 brands, branded web mentions correlated with AI Overview
            visibility at 0.664, branded anchor text at 0.527 and branded search volume at
            0.392, while backlinks reached 0.218. Brands in the top quarter for mentions had up
            to about ten times as many AI Overview mentions as the next group, and 26% of brands
            had none. These figures come from several consistent reports of the study.

            ## Whose content do AI engines cite?

            Researchers at the University of Toronto compared the sources cited by ChatGPT,
            Perplexity, Gemini and Claude across verticals, languages and reworded queries. The
            engines leaned heavily on earned media, such as independent reviews and news
            coverage, and much less on brand-owned or social content, whereas Google's classic
            results were more evenly mixed. Larger brands had an edge.

            ## Do the engines draw on the same outlets?

            No. In Profound's 680 million citations, Wikipedia made up 47.9% of the citations
            among ChatGPT's ten most-cited sources, while Reddit led for Perplexity and AI
            Overviews, and secondary reports put the share of domains cited by both ChatGPT and
            Perplexity at about 11%.
            """
        ),
        "limitations": dedent(
            """\
            The correlations cannot tell whether mentions cause AI visibility or whether
            well-known brands simply attract both. The Toronto paper is a preprint, and the
            Ahrefs and Profound figures come from vendors, several of them through third-party
            summaries.
            """
        ),
        "implementation_heading": "How to earn the mentions AI engines draw on",
        "steps": [
            (
                "List the publications, review sites and communities that AI answers already "
                "cite for your topic, and aim outreach at those."
            ),
            (
                "Give journalists and reviewers something to write about: original data, expert "
                "comment, access to the product."
            ),
            (
                "Describe your brand the same way everywhere, so that mentions are attributed to "
                "the right entity."
            ),
            (
                "Track unlinked mentions as well as links; in the Ahrefs study the mention was "
                "the stronger signal."
            ),
        ],
        "key_findings": [
            (
                "Branded web mentions correlated 0.664 with AI Overview visibility, three times "
                "the 0.218 for backlinks (Ahrefs, 75,000 brands)",
                "ahrefs-75k-brands",
            ),
            (
                "ChatGPT, Perplexity, Gemini and Claude leaned heavily on earned third-party "
                "media over brand-owned pages (University of Toronto)",
                "toronto-geo-2025",
            ),
            (
                "Only about 11% of domains were cited by both ChatGPT and Perplexity (Profound, "
                "680 million citations)",
                "profound-680m-citations",
            ),
        ],
        "faqs": [
            (
                "Does a mention need a link to count?",
                (
                    "Not in the Ahrefs data: its mention measure counted the brand name whether "
                    "or not it was linked, and it tracked AI visibility more closely than links "
                    "did."
                ),
            ),
        ],
        "related": ["backlinks-ai-search-citations", "reddit-wikipedia-presence"],
        "stances": [
            {
                "source": "ahrefs-75k-brands",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "Branded web mentions were the strongest correlate of AI Overview visibility "
                    "at 0.664; top-quartile brands had up to ten times as many AI mentions."
                ),
                "effect": {
                    "measure": EffectMeasure.MENTION_RATE,
                    "kind": EffectKind.CORRELATION,
                    "value": "0.664",
                    "quote": (
                        "As reported in several consistent accounts of the study: branded web "
                        "mentions correlated with AI Overview brand visibility at 0.664 "
                        "(Spearman)."
                    ),
                },
            },
            {
                "source": "toronto-geo-2025",
                "position": Position.IMPROVES,
                "directness": Directness.DIRECT,
                "finding": (
                    "AI engines cited earned, third-party media far more than brand-owned or "
                    "social content."
                ),
            },
            {
                "source": "profound-680m-citations",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "The most-cited sources were third-party sites such as Wikipedia and Reddit, "
                    "and each engine favoured different ones."
                ),
            },
        ],
    },
    {
        "slug": "reddit-wikipedia-presence",
        "question": "Does a presence on Reddit and Wikipedia help you get cited by AI search?",
        "action_name": "building a presence on Reddit and Wikipedia",
        "category": "brand-entity",
        "status": Status.PUBLISHED,
        "effort": Effort.PROGRAMME,
        "last_reviewed": date(2026, 11, 2),
        "lede": dedent(
            """\
            Reddit and Wikipedia are among the sources AI engines cite most, and both are
            mentioned more often than their link profiles would predict. That makes them
            important places to be represented accurately. What the data cannot yet say is
            whether taking part in them raises your own brand's citations.
            """
        ),
        "verdict": (
            "AI engines cite Reddit and Wikipedia heavily, so a presence there may bring "
            "visibility by proxy, but no study has tested whether it changes a brand's own "
            "citations."
        ),
        "body": dedent(
            """\
            ## How often do AI engines cite Reddit and Wikipedia?

            Profound's analysis of 680 million citations from August 2024 to June 2025 found
            Wikipedia accounting for 47.9% of the citations among ChatGPT's ten most-cited
            sources, about 7.8% of all its citations by secondary estimates. Reddit was the
            leading source for Perplexity, at about 6.6% of all its citations, and for Google AI
            Overviews, at about 2.2%.

            ## Are they cited because of their links?

            Not according to Patrick Stox of Ahrefs, who compared the 50 most-mentioned sites in
            about 76.7 million AI Overviews, 957,000 ChatGPT prompts and 953,500 Perplexity
            prompts with their link-based rank. User-generated sites and Wikipedia were
            mentioned more often than their link profiles would predict.

            ## Does each engine favour a different community?

            Yes. ChatGPT leaned on Wikipedia, Perplexity and AI Overviews on Reddit, and only
            about 11% of domains were cited by both ChatGPT and Perplexity. A plan built for one
            engine may not carry over to another.
            """
        ),
        "limitations": dedent(
            """\
            Both studies describe what engines cite; neither tests whether a brand that joins
            Reddit discussions or improves its Wikipedia entry is then cited more. Both come
            from companies that sell AI-visibility or SEO tools. Wikipedia's rules forbid
            promotional editing, so this tactic is about accuracy and honest participation.
            """
        ),
        "implementation_heading": "How to be represented well where AI engines look",
        "steps": [
            (
                "Check what Wikipedia and the main subreddits in your field say about your brand "
                "and products, and correct factual errors through the proper channels."
            ),
            (
                "Take part in Reddit discussions as a named, disclosed representative and answer "
                "questions fully; never post covert promotion."
            ),
            (
                "Find out which engines your audience uses, since Reddit weighs more in "
                "Perplexity and AI Overviews and Wikipedia more in ChatGPT."
            ),
        ],
        "key_findings": [
            (
                "Wikipedia made up 47.9% of citations among ChatGPT's ten most-cited sources; "
                "Reddit led for Perplexity and AI Overviews (Profound, 680 million citations)",
                "profound-680m-citations",
            ),
            (
                "User-generated sites and Wikipedia were mentioned more often than their link "
                "profiles predict (Ahrefs, 50 most-mentioned sites)",
                "ahrefs-link-metrics-mentions",
            ),
        ],
        "faqs": [
            (
                "Can I edit my company's Wikipedia article?",
                (
                    "Wikipedia discourages editing articles about your own organisation. "
                    "Disclose your connection and suggest changes on the article's talk page "
                    "instead."
                ),
            ),
        ],
        "related": ["earned-media-brand-mentions", "backlinks-ai-search-citations"],
        "stances": [
            {
                "source": "profound-680m-citations",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "Wikipedia dominated ChatGPT's top cited sources and Reddit led for "
                    "Perplexity and AI Overviews."
                ),
                "detail": "Descriptive: it shows what is cited, not what a brand gains by joining.",
            },
            {
                "source": "ahrefs-link-metrics-mentions",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "User-generated sites and Wikipedia were mentioned in AI answers more often "
                    "than their link profiles would predict."
                ),
            },
        ],
    },
    {
        "slug": "track-ai-citations-separately",
        "question": "Should you track AI search citations separately from your rankings?",
        "action_name": "tracking AI citations separately from rankings",
        "category": "measurement",
        "status": Status.DRAFT,
        "effort": Effort.PROJECT,
        "last_reviewed": None,
        "lede": dedent(
            """\
            Rankings no longer tell you whether AI search cites you. Ahrefs found only about 38%
            of AI Overview citations among Google's top ten for the same query, the engines
            disagree widely about what to cite, and clicks fall sharply when an AI summary
            appears, so visibility inside the answer needs a measure of its own.
            """
        ),
        "verdict": (
            "rankings, citations and clicks have drifted far enough apart that each needs its "
            "own measure."
        ),
        "body": dedent(
            """\
            ## How far have rankings and citations drifted apart?

            Ahrefs' updated study of 863,000 keywords found about 38% of AI Overview citations
            in Google's top ten for the same query, against about 76% in its earlier study. A
            ranking report alone would miss most of the pages AI Overviews cite.

            ## Do the engines agree on what to cite?

            Not much. Secondary reports of Profound's 680 million citations put the share of
            domains cited by both ChatGPT and Perplexity at about 11%, and the share of URLs
            cited by both AI Overviews and AI Mode at about 13.7%.

            ## What happens to clicks when an AI summary appears?

            Pew Research Center tracked 68,879 Google searches by 900 US adults in March 2025.
            With an AI summary on the page, visitors clicked a traditional result 8% of the time
            against 15% without one, and clicked a link inside the summary on 1% of visits;
            Google disputed the method. Ahrefs found an AI Overview went with a 34.5% lower
            click-through rate for the first result across 300,000 keywords.
            """
        ),
        "limitations": dedent(
            """\
            These studies show that the measures diverge; they do not show which AI citations
            are worth most. Tracking tools sample prompts, and answers vary between runs and
            users, so any citation count is an estimate.
            """
        ),
        "implementation_heading": "How to set up AI citation tracking",
        "steps": [
            (
                "Choose the prompts your customers would ask and run them on the engines your "
                "audience uses, on a schedule."
            ),
            (
                "Record whether you are mentioned, whether you are linked and which of your pages "
                "is cited."
            ),
            "Report AI citations beside rankings and clicks, not in place of them.",
        ],
        "key_findings": [
            (
                "About 38% of AI Overview citations ranked in Google's top ten, down from about "
                "76% (Ahrefs, 863,000 keywords)",
                "ahrefs-aio-top10-overlap",
            ),
            (
                "Searchers clicked a traditional result on 8% of visits with an AI summary "
                "against 15% without (Pew Research Center, 68,879 searches)",
                "pew-ai-summaries-clicks",
            ),
        ],
        "faqs": [],
        "related": ["rank-well-in-classic-search"],
        "stances": [
            {
                "source": "ahrefs-aio-top10-overlap",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "Most AI Overview citations now come from outside Google's top ten, so "
                    "rankings alone miss them."
                ),
            },
            {
                "source": "profound-680m-citations",
                "position": Position.IMPROVES,
                "directness": Directness.PARTIAL,
                "finding": (
                    "Engines cite largely different domains, so visibility on one says little "
                    "about another."
                ),
            },
            {
                "source": "pew-ai-summaries-clicks",
                "position": Position.IMPROVES,
                "directness": Directness.INDIRECT,
                "finding": (
                    "Clicks on traditional results fell from 15% to 8% of visits when an AI "
                    "summary appeared."
                ),
            },
            {
                "source": "ahrefs-aio-ctr",
                "position": Position.IMPROVES,
                "directness": Directness.INDIRECT,
                "finding": (
                    "An AI Overview went with a 34.5% lower click-through rate for the "
                    "first-ranked page."
                ),
            },
        ],
    },
]
