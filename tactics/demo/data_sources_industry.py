"""Industry and independent studies behind the demo tactics.

Whether a study's organisation sells an SEO or AI-visibility product is recorded once, on
the organisation (``data_organisations``); ``second_hand`` marks sources whose figures
reached us through other parties' reports. ``live_tested_on`` is given only where the study
names a single month of data (the first of that month); a study spanning a longer window
leaves it empty.
Each URL was checked against other sites' citations of the study; none was fetched live.
"""

from datetime import date

from sources.choices import Method, SourceType

INDUSTRY_SOURCES = [
    {
        "key": "ahrefs-75k-brands",
        "title": "An Analysis of AI Overview Brand Visibility Factors (75K Brands Studied)",
        "url": "https://ahrefs.com/blog/ai-overview-brand-correlation/",
        "organisation": "ahrefs",
        "venue": "Ahrefs blog",
        "authors": "Louise Linehan, Xibeijia Guan",
        "published_on": date(2025, 5, 1),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 75_000,
        "sample_unit": "brands",
        "platforms": ["google-aio"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Correlates a range of brand and site metrics with how often 75,000 brands are named "
            "in Google AI Overviews, using Spearman's rank correlation. Branded web mentions came "
            "out on top at 0.664, followed by branded anchors (0.527) and branded search volume "
            "(0.392); Domain Rating reached 0.326, referring domains about 0.295 and backlinks "
            "0.218. A quarter of the brands (26%) had no AI Overview mentions, and brands in the "
            "top quartile for web mentions had up to about ten times as many. The figures come "
            "from several consistent reports of the study."
        ),
    },
    {
        "key": "ahrefs-link-metrics-mentions",
        "title": "Domain-Level Link Metrics May Not Be Good Predictors of AI Search Mentions",
        "url": "https://ahrefs.com/blog/domain-link-metrics-not-good-mention-predictors/",
        "organisation": "ahrefs",
        "venue": "Ahrefs blog",
        "authors": "Patrick Stox",
        "published_on": None,
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 50,
        "sample_unit": "most-mentioned websites",
        "platforms": ["google-aio", "chatgpt", "perplexity"],
        "live_tested_on": date(2025, 6, 1),
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "Compares the 50 websites most often mentioned in about 76.7 million AI Overviews, "
            "957,000 ChatGPT prompts and 953,500 Perplexity prompts from June 2025 with their "
            "Ahrefs Rank, a ranking built from referring domains. User-generated sites and "
            "Wikipedia were mentioned more often than their link profiles would predict."
        ),
    },
    {
        "key": "ahrefs-schema-did",
        "title": "We Tracked 1,885 Pages Adding Schema. AI Citations Barely Moved.",
        "url": "https://ahrefs.com/blog/schema-ai-citations/",
        "organisation": "ahrefs",
        "venue": "Ahrefs blog",
        "authors": "Louise Linehan, Xibeijia Guan",
        "published_on": date(2026, 5, 11),
        "source_type": SourceType.INDUSTRY,
        "method": Method.QUASI_EXPERIMENT,
        "sample_size": 1_885,
        "sample_unit": "pages",
        "platforms": ["google-aio", "google-ai-mode", "chatgpt"],
        "live_tested_on": None,
        "lab_engine": "",
        # The 6M-URL pre-study figure is known only from other parties' reports.
        "second_hand": True,
        "summary": (
            "A matched difference-in-differences study of 1,885 pages that added JSON-LD between "
            "August 2025 and March 2026, compared with about 4,000 similar pages that did not, "
            "over 30 days before and after. Against the controls, AI Overview citations fell "
            "4.6% (significant, but within a broader decline), while AI Mode (+2.4%) and ChatGPT "
            "(+2.2%) moved within noise. An earlier pass over some 6 million URLs, as reported by "
            "several outlets, had found cited pages about three times as likely to carry JSON-LD, "
            "a correlation that did not hold up as an effect."
        ),
    },
    {
        "key": "ahrefs-chatgpt-1-4m-prompts",
        "title": "Why ChatGPT Cites One Page Over Another (Study of 1.4M Prompts)",
        "url": "https://ahrefs.com/blog/why-chatgpt-cites-pages/",
        "organisation": "ahrefs",
        "venue": "Ahrefs blog",
        "authors": "Louise Linehan, Xibeijia Guan",
        "published_on": date(2026, 4, 15),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 1_400_000,
        "sample_unit": "prompts",
        "platforms": ["chatgpt"],
        "live_tested_on": None,
        "lab_engine": "",
        # The per-channel citation rates reach us through summaries of the study.
        "second_hand": True,
        "summary": (
            "Follows the pages ChatGPT retrieves for 1.4 million prompts and which of them it "
            "cites; roughly half of the retrieved URLs end up cited. Pages that arrive through "
            "the general search channel were cited about 88% of the time, against about 12% for "
            "news and under 2% for Reddit. Cited pages had titles closer in meaning to ChatGPT's "
            "internal sub-queries, and readable URL slugs were cited more often than opaque ones."
        ),
    },
    {
        "key": "ahrefs-fresh-content",
        "title": "Do AI Assistants Prefer to Cite “Fresh” Content? (17 Million Citations Analyzed)",
        "url": "https://ahrefs.com/blog/do-ai-assistants-prefer-to-cite-fresh-content/",
        "organisation": "ahrefs",
        "venue": "Ahrefs blog",
        "authors": "Despina Gavoyannis",
        "published_on": date(2025, 7, 28),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 16_975_000,
        "sample_unit": "AI citations",
        "platforms": ["chatgpt", "perplexity", "gemini", "copilot", "google-aio"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Measures the age of about 17 million URLs cited by AI assistants and compares it "
            "with pages in organic search results. Cited URLs averaged 1,064 days old against "
            "1,432 days for organic results, which the study describes as about 25.7% fresher. "
            "ChatGPT leaned hardest towards newer pages, while Google AI Overviews was the "
            "exception, citing pages slightly older than the organic results. The figures reach "
            "us through other sites' reports."
        ),
    },
    {
        "key": "ahrefs-aio-top10-overlap",
        "title": "Update: 38% of AI Overview Citations Pull From the Top 10",
        "url": "https://ahrefs.com/blog/ai-overview-citations-top-10/",
        "organisation": "ahrefs",
        "venue": "Ahrefs blog",
        "authors": "",
        "published_on": date(2026, 3, 2),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 863_000,
        "sample_unit": "keywords",
        "platforms": ["google-aio"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Checks where 4 million URLs cited in AI Overviews rank for the 863,000 keywords "
            "that triggered them. About 38% ranked in the top ten, roughly 31% between positions "
            "11 and 100, and about 31% outside the top 100, against about 76% in the top ten in "
            "Ahrefs' earlier study. Ahrefs points to query fan-out and to better citation parsing "
            "as reasons, so the two studies are not strictly comparable."
        ),
    },
    {
        "key": "ahrefs-aio-ctr",
        "title": "AI Overviews Reduce Clicks by 34.5%",
        "url": "https://ahrefs.com/blog/ai-overviews-reduce-clicks/",
        "organisation": "ahrefs",
        "venue": "Ahrefs blog",
        "authors": "",
        "published_on": date(2025, 4, 1),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 300_000,
        "sample_unit": "keywords",
        "platforms": ["google-aio"],
        "live_tested_on": date(2025, 3, 1),
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Compares 150,000 keywords that show an AI Overview with 150,000 informational "
            "keywords that do not. An AI Overview went with a 34.5% lower click-through rate for "
            "the first-ranked page; for AI Overview keywords that rate fell from 0.073 in March "
            "2024 to 0.026 in March 2025. A re-run on December 2025 data reportedly put the drop "
            "at 58%."
        ),
    },
    {
        "key": "profound-680m-citations",
        "title": (
            "AI Platform Citation Patterns: How ChatGPT, Google AI Overviews, and Perplexity "
            "Source Information"
        ),
        "url": "https://www.tryprofound.com/blog/ai-platform-citation-patterns",
        "organisation": "profound",
        "venue": "Profound blog",
        "authors": "",
        "published_on": date(2025, 8, 1),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 680_000_000,
        "sample_unit": "citations",
        "platforms": ["chatgpt", "google-aio", "perplexity"],
        "live_tested_on": None,
        "lab_engine": "",
        # Overall shares and overlap figures come from secondary reports.
        "second_hand": True,
        "summary": (
            "Breaks down 680 million citations from ChatGPT, Google AI Overviews and Perplexity "
            "between August 2024 and June 2025. Wikipedia took 47.9% of the citations among "
            "ChatGPT's ten most-cited sources (about 7.8% of all its citations), while Reddit led "
            "for Perplexity (about 6.6%) and AI Overviews (about 2.2%). Secondary reports add that "
            "only about 11% of domains were cited by both ChatGPT and Perplexity, and that AI "
            "Overviews and AI Mode cited the same URLs about 13.7% of the time."
        ),
    },
    {
        "key": "seranking-129k-domains",
        "title": "How to Optimize for ChatGPT: What Drives Citations Across 129,000 Domains",
        "url": "https://seranking.com/blog/how-to-optimize-for-chatgpt/",
        "organisation": "se-ranking",
        "venue": "SE Ranking blog",
        "authors": "",
        "published_on": date(2025, 11, 1),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 129_000,
        "sample_unit": "domains",
        "platforms": ["chatgpt"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Relates about 20 site and page factors to ChatGPT citations across 129,000 domains "
            "and 216,524 pages in 20 niches. Referring domains were the strongest single "
            "predictor, and domains with Domain Trust above 90 drew about four times the "
            "citations of those below 43. Pages with expert quotes (4.1 against 2.4 citations) "
            "and with 19 or more data points (5.4 against 2.8) were cited more, while FAQ schema "
            "and llms.txt showed no benefit. We know the figures from coverage of the study."
        ),
    },
    {
        "key": "seranking-llms-txt",
        "title": "LLMs.txt: Why Brands Rely On It and Why It Doesn't Work",
        "url": "https://seranking.com/blog/llms-txt/",
        "organisation": "se-ranking",
        "venue": "SE Ranking blog",
        "authors": "",
        "published_on": date(2025, 11, 7),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 300_000,
        "sample_unit": "domains",
        # Live answers from "major LLMs" that the reports do not name: no platform listed.
        "platforms": [],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Crawls about 300,000 domains for an llms.txt file and relates its presence to how "
            "often each domain is cited in answers from major LLMs. Only 10.13% of domains had "
            "one, adoption was flat across traffic tiers, and neither correlation tests nor an "
            "XGBoost model found a link with citations; the model improved when the llms.txt "
            "feature was dropped. Figures come from several consistent reports."
        ),
    },
    {
        "key": "searchatlas-llms-txt",
        "title": "The Limits of /llms.txt for AI Search: Citation Analysis Across Major LLMs",
        "url": "https://searchatlas.com/blog/limits-of-llms-txt-for-ai-search-citation-study/",
        "organisation": "search-atlas",
        "venue": "Search Atlas blog",
        "authors": "Manick Bhan",
        "published_on": date(2026, 6, 19),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 13_911,
        "sample_unit": "domains",
        "platforms": ["copilot", "gemini", "google-ai-mode", "grok", "chatgpt", "perplexity"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "Checks 13,911 domains for llms.txt and compares them with 83,387 visibility records "
            "from six AI platforms. Adoption did not predict citation; an apparent rise in "
            "visibility with better-written files was explained by domain authority, since "
            "stronger sites also write tidier files."
        ),
    },
    {
        "key": "trakkr-llms-txt",
        "title": "The llms.txt Effect",
        "url": "https://trakkr.ai/trakkr-research/llmstxt-effect",
        "organisation": "trakkr",
        "venue": "Trakkr research",
        "authors": "",
        "published_on": None,
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 37_894,
        "sample_unit": "AI-cited domains",
        # Domains cited in live AI answers; which engines is not in our notes.
        "platforms": [],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "Scans 37,894 domains that appear in AI answers for an llms.txt file; 5,035 have one. "
            "Sites with the file averaged 6.8 citations and sites without 6.7, medians were both "
            "3.0, and a Mann-Whitney test gave p of about 0.85. The most-cited domains were the "
            "least likely to have adopted the file."
        ),
    },
    {
        "key": "pew-ai-summaries-clicks",
        "title": (
            "Google users are less likely to click on links when an AI summary appears in the "
            "results"
        ),
        "url": (
            "https://www.pewresearch.org/short-reads/2025/07/22/"
            "google-users-are-less-likely-to-click-on-links-when-an-ai-summary-appears-in-the-results/"
        ),
        "organisation": "pew",
        "venue": "Pew Research Center short reads",
        "authors": "",
        "published_on": date(2025, 7, 22),
        "source_type": SourceType.INDEPENDENT,
        "method": Method.OBSERVATIONAL,
        "sample_size": 68_879,
        "sample_unit": "Google searches",
        "platforms": ["google-aio"],
        "live_tested_on": date(2025, 3, 1),
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Uses the March 2025 browsing records of 900 US adults, covering 68,879 Google "
            "searches; 58% of the participants saw at least one AI summary that month. Visits "
            "with a summary led to a click on a traditional result 8% of the time against 15% "
            "without, a link inside the summary was clicked on 1% of visits, and the browsing "
            "session ended on 26% of summary pages against 16% of others. Google disputed the "
            "method."
        ),
    },
    {
        "key": "airops-fan-out-effect",
        "title": "The Fan-Out Effect: What Happens Between a Query and a Citation",
        "url": (
            "https://www.airops.com/report/"
            "the-fan-out-effect-what-happens-between-a-query-and-a-citation"
        ),
        "organisation": "airops",
        "venue": "AirOps report",
        "authors": "AirOps with Kevin Indig",
        "published_on": date(2026, 4, 13),
        "source_type": SourceType.INDUSTRY,
        "method": Method.OBSERVATIONAL,
        "sample_size": 16_851,
        "sample_unit": "queries",
        "platforms": ["chatgpt"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": True,
        "summary": (
            "Runs 16,851 queries through ChatGPT three times each and scores the 353,799 pages it "
            "retrieved. Retrieval rank dominated: first-ranked pages were cited 58.4% of the time "
            "and tenth-ranked pages 14.2%. Focused pages covering 26–50% of the fan-out "
            "sub-queries were cited more often than pages covering all of them (38.2% against "
            "34.0%), and domain authority showed no positive relationship with citation, with "
            "always-cited pages averaging DA 53.0 and never-cited pages DA 55.7."
        ),
    },
]
