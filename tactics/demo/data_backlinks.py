"""The captured tactic: do backlinks improve AI search citation rates?

The captured page listed 14 sources, half of them without a title. The eight below appear
only on this tactic; the other six (Ahrefs' 75,000-brand and 1.4-million-prompt studies,
SE Ranking's 129,000-domain study, C-SEO Bench, Growth Marshal's preprint and AirOps'
Fan-Out Effect report) are shared with other tactics and live in ``data_sources_*``.
URLs marked "unverified" follow the publisher's URL pattern but could not be checked against
another site's citation of the article; for the articles whose content we could not read we
carry no figures.
"""

from datetime import date
from textwrap import dedent

from sources.choices import Directness, EffectKind, EffectMeasure, Method, Position, SourceType
from tactics.choices import Effort, Status

BACKLINKS_SOURCES = [
    {
        "key": "sel-bing-chatgpt",
        "title": "Bing Rankings Drive ChatGPT Visibility More Than Google — New Study",
        "url": "https://searchengineland.com/bing-ranking-chatgpt-visibility-study-473680",
        "organisation": "search-engine-land",
        "venue": "Search Engine Land",
        "authors": "",
        "published_on": None,
        "source_type": SourceType.INDEPENDENT,
        "method": Method.OBSERVATIONAL,
        "sample_size": None,
        "sample_unit": "",
        "platforms": ["chatgpt"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "News coverage of a study that set the brands ChatGPT recommends against how those "
            "brands rank in Bing and in Google. The reported pattern is that Bing position "
            "matched ChatGPT's choices more closely than Google position did. It is a report of "
            "another party's research, so we repeat no figures from it."
        ),
    },
    {
        "key": "visible-chatgpt-brands",
        "title": "How Much Can You Influence Which Brands ChatGPT Recommends?",
        # unverified URL
        "url": "https://www.visible.ai/blog/how-much-can-you-influence-which-brands-chatgpt-recommends",
        "organisation": "visible",
        "venue": "Visible blog",
        "authors": "",
        "published_on": None,
        "source_type": SourceType.INDEPENDENT,
        "method": Method.OBSERVATIONAL,
        "sample_size": None,
        "sample_unit": "",
        "platforms": ["chatgpt"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "Looks at how far a brand can steer the products ChatGPT recommends, and at which "
            "levers matter. Search visibility, which links feed through rankings, is among the "
            "levers it discusses; we carry no figures from it."
        ),
    },
    {
        "key": "seer-best-geo-strategy",
        "title": "What if the Best GEO Strategy Is the One You Stopped Investing In?",
        # unverified slug
        "url": (
            "https://www.seerinteractive.com/insights/"
            "what-if-the-best-geo-strategy-is-the-one-you-stopped-investing-in"
        ),
        "organisation": "seer-interactive",
        "venue": "Seer Interactive insights",
        "authors": "Sonny Vasquez",
        "published_on": None,
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": None,
        "sample_unit": "",
        # An argument from the agency's own data; which AI surfaces it drew on is not known.
        "platforms": [],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "Argues from Seer's own search and AI visibility data that the classic SEO work many "
            "teams cut back on, authority building included, is what AI visibility still rests "
            "on."
        ),
    },
    {
        "key": "profound-250m-link-metrics",
        "title": "We Analyzed 250 Million AI Search Results: Here's What I Found",
        # The captured page credited Profound but linked to tinuiti.com; this is the talk deck.
        "url": (
            "https://speakerdeck.com/joshbly/we-analyzed-250-million-ai-search-results-heres-what-i-found"
        ),
        "organisation": "profound",
        "venue": "TechSEO Connect 2025 (conference talk)",
        "authors": "Josh Blyskal",
        # Presented at TechSEO Connect in December 2025.
        "published_on": date(2025, 12, 1),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 1_311,
        "sample_unit": "pages, drawn from 250M AI search results",
        # Eight answer engines that the summaries do not name: no platform listed.
        "platforms": [],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "A conference talk by Profound's Josh Blyskal on what predicts citation across 250 "
            "million AI search results from eight answer engines. For the 1,311 pages analysed "
            "against SEO metrics, traditional link and authority metrics explained only 4–7% of "
            "the variation in citations. We know the figures from summaries of the talk."
        ),
    },
    {
        "key": "beeby-clark-meyler-off-page",
        "title": "The Complete Guide to Off-Page AEO/SEO AI Visibility",
        # unverified slug in the agency's "what we think" section
        "url": (
            "https://www.beebyclarkmeyler.com/what-we-think/"
            "complete-guide-to-off-page-aeo-seo-ai-visibility"
        ),
        "organisation": "beeby-clark-meyler",
        "venue": "Beeby Clark+Meyler, What we think",
        "authors": "",
        "published_on": None,
        "source_type": SourceType.PRACTITIONER,
        "method": Method.EXPERT_OPINION,
        "sample_size": None,
        "sample_unit": "",
        # A guide, not a test: it tested no AI surface.
        "platforms": [],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "An agency's guide that treats links, mentions, reviews and profiles as one off-page "
            "programme for AI visibility, with links valued mainly for the rankings they bring."
        ),
    },
    {
        "key": "brightedge-rank-overlap-16-months",
        "title": "Rank Overlap After 16 Months of AIO",
        "url": (
            "https://www.brightedge.com/resources/weekly-ai-search-insights/"
            "rank-overlap-after-16-months-of-aio"
        ),
        "organisation": "brightedge",
        "venue": "BrightEdge weekly AI search insights",
        "authors": "",
        "published_on": date(2025, 9, 1),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": None,
        "sample_unit": "",
        "platforms": ["google-aio"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Tracks how often pages cited in Google AI Overviews also rank in the organic "
            "results for the same query. Sixteen months after launch the overlap had reached "
            "54%, up from about 32% at the start, with wide differences between verticals: "
            "healthcare and education above 70%, e-commerce far lower. We know the figures from "
            "press coverage of the report."
        ),
    },
    {
        "key": "nobs-ai-visibility-2026",
        "title": "AI Visibility 2026: What Gets Brands Cited",
        # unverified slug on the publisher's blog
        "url": "https://nobsmarketplace.com/blog/ai-visibility-2026-what-gets-brands-cited",
        "organisation": "nobs-marketplace",
        "venue": "NoBSMarketplace blog",
        "authors": "",
        "published_on": None,
        "source_type": SourceType.INDUSTRY,
        "method": Method.EXPERT_OPINION,
        "sample_size": None,
        "sample_unit": "",
        # A round-up of others' studies: it tested no AI surface itself.
        "platforms": [],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "A round-up of 2025–26 studies on what gets brands cited in AI answers, written by a "
            "marketplace that sells link placements. It ranks authority signals, links among "
            "them, as a foundation beneath brand mentions and content quality."
        ),
    },
    {
        "key": "seer-searchgpt-bing",
        "title": "87% of SearchGPT Citations Match Bing's Top Results",
        "url": (
            "https://www.seerinteractive.com/insights/"
            "87-percent-of-searchgpt-citations-match-bings-top-results"
        ),
        "organisation": "seer-interactive",
        "venue": "Seer Interactive insights",
        "authors": "",
        "published_on": None,
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": None,
        "sample_unit": "",
        "platforms": ["chatgpt"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Compares the pages cited by SearchGPT, ChatGPT's search mode in preview, with "
            "Bing's and Google's results for the same queries. About 87% of the citations "
            "matched Bing's top results; secondary reports put the match with Google at about "
            "56%."
        ),
    },
]

BACKLINKS_TACTIC = {
    "slug": "backlinks-ai-search-citations",
    "question": "Do backlinks improve AI search citation rates?",
    "action_name": "building backlinks for AI search",
    "category": "off-page",
    "status": Status.PUBLISHED,
    "effort": Effort.PROGRAMME,
    "last_reviewed": date(2026, 11, 16),
    "lede": dedent(
        """\
        Links help, but only by way of rankings. On their own, link metrics explain little of
        which pages AI search cites: [Profound](https://www.tryprofound.com/) put their share
        at 4–7% of the variation across 250 million AI search results. Ranking, though, still
        matters a great deal, because AI engines fetch candidate pages from a search index
        before choosing which to cite, and links remain one of the ways a page earns its place
        in that index. Think of backlinks as the ticket into the pool of retrieved pages, not
        as the reason a page is picked from it.
        """
    ),
    "verdict": (
        "backlinks help a page rank, and rank decides which pages AI search retrieves; which "
        "retrieved page then gets cited depends little on links."
    ),
    "body": dedent(
        """\
        ## How do backlinks reach AI answers at all?

        AI search engines do not read the whole web for each question. They send one or more
        searches to an index, take what comes back and cite a subset of it. In Ahrefs' study of
        1.4 million ChatGPT prompts, pages reached through the general search channel were cited
        about 88% of the time, far more often than pages from news or Reddit feeds, and Seer
        Interactive matched about 87% of SearchGPT's citations to Bing's top results. Anything
        that lifts a page in those indexes, links included, raises its chance of being read.

        ## How strong is the link signal on its own?

        Weak. Across 75,000 brands, Ahrefs measured a Spearman correlation of 0.218 between
        backlinks and AI Overview visibility, about a third of the 0.664 it found for branded web
        mentions. SE Ranking's study of 129,000 domains did find that domains with Domain Trust
        above 90 drew about four times the ChatGPT citations of those below 43, but Domain Trust
        sums up a site's whole footprint on the web, not its link count alone.

        ## Does ranking position still predict citation?

        Yes, strongly. Growth Marshal's preprint found Google position to be the best predictor
        of citation by ChatGPT and Gemini: first-placed pages were cited for 43% of the queries
        they appeared in, seventh-placed pages for 5%. C-SEO Bench reached the same place from
        the other side, finding classic SEO aimed at retrieval rank far more effective than
        rewriting content for conversational engines. BrightEdge reported that 54% of AI
        Overview citations also ranked organically after sixteen months, up from about 32% at
        launch.

        ## Why does one study find no link effect at all?

        AirOps followed 16,851 queries through ChatGPT and found no positive relationship
        between domain authority and citation: pages that were always cited averaged DA 53.0,
        pages never cited DA 55.7. The same report found rank to be the dominant signal, with
        first-ranked pages cited 58.4% of the time and tenth-ranked pages 14.2%. The two results
        fit the indirect account: authority scores do not pick winners among the pages already
        retrieved, while rank decides which pages are retrieved.
        """
    ),
    "limitations": dedent(
        """\
        Every link figure here is a correlation. Sites with many links also tend to have known
        brands, large audiences and well-kept content, and none of these studies separates the
        links from those companions.

        The 4–7% figure is one model's average across many queries; links may count for more
        on some topics and less on others. Most of the studies come from companies that sell SEO
        or AI-visibility tools, and each observes one or two engines at one moment, while the
        engines keep changing how they retrieve sources.
        """
    ),
    "implementation_heading": "How to build a link strategy that supports AI search citations",
    "steps": [
        (
            "Aim link building at the queries you want AI answers for, and judge it by whether "
            "those pages reach the first page of results: AirOps saw first-ranked pages cited "
            "58.4% of the time against 14.2% at tenth place."
        ),
        (
            "Earn mentions as well as links. In Ahrefs' 75,000-brand study, branded web mentions "
            "tracked AI Overview visibility three times as closely as backlinks (0.664 against "
            "0.218), and coverage in a respected publication often brings both."
        ),
        (
            "Complete your profiles on review sites, directories and professional networks so "
            "that your footprint grows beyond links; SE Ranking tied high Domain Trust, which "
            "reflects that wider footprint, to about four times as many ChatGPT citations."
        ),
        (
            "Once a page ranks, work on what decides selection among retrieved pages: headings "
            "that match the question, a visible update date and a focused answer. Links do not "
            "help at that stage."
        ),
    ],
    "key_findings": [
        (
            "Backlinks correlated with AI Overview brand visibility at only 0.218, against 0.664 "
            "for branded web mentions (Ahrefs, 75,000 brands)",
            "ahrefs-75k-brands",
        ),
        (
            "Traditional link metrics explained just 4–7% of citation variance in Profound's study "
            "of 250 million AI search results",
            "profound-250m-link-metrics",
        ),
        (
            "Domains with Domain Trust above 90 drew about four times the ChatGPT citations of "
            "domains below 43 (SE Ranking, 129,000 domains)",
            "seranking-129k-domains",
        ),
    ],
    "faqs": [
        (
            "Should I stop building links now that AI search is growing?",
            (
                "No. Links still help pages rank, and ranking is how a page gets into the set an "
                "AI engine reads. What the evidence does not support is buying links in the hope "
                "that AI engines count them directly."
            ),
        ),
        (
            "Are brand mentions a better use of the same budget?",
            (
                "The correlations point that way: in Ahrefs' study, mentions tracked AI Overview "
                "visibility about three times as closely as links. Digital PR that earns both is "
                "usually the best compromise."
            ),
        ),
    ],
    "related": [
        "earned-media-brand-mentions",
        "rank-well-in-classic-search",
        "reddit-wikipedia-presence",
    ],
    "stances": [
        {
            "source": "sel-bing-chatgpt",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "ChatGPT's brand picks followed Bing rankings more closely than Google's, so "
                "ranking in the retrieval index, which links help build, remains the gate."
            ),
        },
        {
            "source": "visible-chatgpt-brands",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "Counts search visibility among the few levers a brand has over ChatGPT's "
                "recommendations; links act on it only through rankings."
            ),
        },
        {
            "source": "seer-best-geo-strategy",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "Argues that classic SEO, authority building included, remains the base that AI "
                "visibility is built on."
            ),
        },
        {
            "source": "ahrefs-75k-brands",
            "position": Position.IMPROVES,
            "directness": Directness.DIRECT,
            "finding": (
                "Backlinks correlated positively but weakly with AI Overview visibility (0.218), "
                "far below branded web mentions (0.664)."
            ),
            "detail": (
                "Referring domains (about 0.295) and Domain Rating (0.326) did a little better "
                "than raw backlink counts. All figures are Spearman correlations from reports of "
                "the study."
            ),
            "effect": {
                "measure": EffectMeasure.MENTION_RATE,
                "kind": EffectKind.CORRELATION,
                "value": "0.218",
                "quote": (
                    "As reported in several consistent accounts of the study: backlinks "
                    "correlated with AI Overview brand visibility at 0.218 (Spearman)."
                ),
            },
        },
        {
            "source": "profound-250m-link-metrics",
            "position": Position.IMPROVES,
            "directness": Directness.PARTIAL,
            "finding": (
                "Link metrics explained a small but real share, 4–7%, of the variation in which "
                "pages AI search cites."
            ),
        },
        {
            "source": "beeby-clark-meyler-off-page",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "Treats links as one part of an off-page programme whose value for AI visibility "
                "comes mainly through rankings."
            ),
        },
        {
            "source": "brightedge-rank-overlap-16-months",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "54% of AI Overview citations also ranked organically after sixteen months, up "
                "from about 32% at launch, so ranking increasingly feeds citation."
            ),
        },
        {
            "source": "seranking-129k-domains",
            "position": Position.IMPROVES,
            "directness": Directness.PARTIAL,
            "finding": (
                "Referring domains were the strongest predictor of ChatGPT citations, and "
                "Domain Trust above 90 went with about four times the citations of Domain Trust "
                "below 43."
            ),
            "detail": (
                "Reported thresholds: around 32,000 referring domains, average citations roughly "
                "doubled, from 2.9 to 5.6."
            ),
            "effect": {
                "measure": EffectMeasure.CITATION_RATE,
                "kind": EffectKind.RELATIVE,
                "value": "93",
                "quote": (
                    "As reported in coverage of the study: around 32,000 referring domains, "
                    "average ChatGPT citations rose from 2.9 to 5.6 (+93% is our arithmetic on "
                    "those two averages)."
                ),
            },
        },
        {
            "source": "nobs-ai-visibility-2026",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "Places authority signals, links among them, as a foundation beneath brand "
                "mentions in what earns AI citations."
            ),
        },
        {
            "source": "ahrefs-chatgpt-1-4m-prompts",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "Pages ChatGPT reached through its search channel were cited about 88% of the "
                "time, so being findable in search is the way into its answers."
            ),
        },
        {
            "source": "c-seo-bench",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "Classic SEO aimed at retrieval rank beat conversational rewrites by a wide "
                "margin; links matter through that rank."
            ),
        },
        {
            "source": "seer-searchgpt-bing",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "About 87% of SearchGPT citations matched Bing's top results, so ranking in "
                "Bing gates ChatGPT citations."
            ),
        },
        {
            "source": "growth-marshal-schema",
            "position": Position.IMPROVES,
            "directness": Directness.INDIRECT,
            "finding": (
                "Google position was the strongest predictor of ChatGPT and Gemini citation: 43% "
                "at first place against 5% at seventh."
            ),
        },
        {
            "source": "airops-fan-out-effect",
            "position": Position.NO_EFFECT,
            "directness": Directness.DIRECT,
            "finding": (
                "Domain authority showed no positive link with ChatGPT citation: always-cited "
                "pages averaged DA 53.0 against 55.7 for never-cited pages."
            ),
            "detail": (
                "The same report found focused pages covering 26–50% of ChatGPT's fan-out "
                "sub-queries cited more often than pages covering all of them (38.2% against "
                "34.0%), and retrieval rank the dominant signal (58.4% at rank one, 14.2% at "
                "rank ten)."
            ),
        },
    ],
}
