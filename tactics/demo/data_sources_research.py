"""Academic papers and preprints behind the demo tactics.

Each source carries a demo-local ``key`` that the tactic modules use to refer to it; the
database identifies a source by its normalised URL. Where only the month of publication is
known, the first of that month is recorded. ``organisation`` is a key of
``data_organisations.ORGANISATIONS``; ``venue`` is where the work appeared. ``platforms``
lists only live AI surfaces the source tested; a simulated engine goes in ``lab_engine``,
with its model, and counts as indirect evidence for every live platform.
"""

from datetime import date

from sources.choices import Method, SourceType

# C-SEO Bench reports its rewrites as a family; what it found for each one, in one place.
C_SEO_NULL_DETAIL = (
    "The authors describe the rewrites they tested as largely ineffective and often lowering "
    "a page's position. A summary of the paper counts only 3 of 54 method-by-domain results "
    "significant after correction, so we record no detectable effect rather than harm."
)

RESEARCH_SOURCES = [
    {
        "key": "geo-kdd-2024",
        "title": "GEO: Generative Engine Optimization",
        "url": "https://arxiv.org/abs/2311.09735",
        "organisation": "princeton",
        "venue": "ACM SIGKDD (KDD 2024)",
        "authors": (
            "Pranjal Aggarwal, Vishvak Murahari, Tanmay Rajpurohit, Ashwin Kalyan, "
            "Karthik Narasimhan, Ameet Deshpande"
        ),
        # Presented at KDD in August 2024; first posted on arXiv in November 2023.
        "published_on": date(2024, 8, 25),
        "source_type": SourceType.PEER_REVIEWED,
        "method": Method.CONTROLLED,
        "sample_size": 10_000,
        "sample_unit": "queries",
        # The lab engine did the benchmark; a smaller separate check ran on live Perplexity.
        "platforms": ["perplexity"],
        "live_tested_on": None,
        "lab_engine": (
            "GPT-3.5-turbo (version not recorded) answering over the top five Google results "
            "for each query"
        ),
        # The per-method scores come from a third-party reading of the paper's Table 1.
        "second_hand": True,
        "summary": (
            "Researchers from Princeton and IIT Delhi built GEO-bench, 10,000 queries drawn "
            "from nine datasets and 25 domains, most of them informational, and tested nine "
            "ways of rewriting a source page. The answering engine was GPT-3.5-turbo working "
            "over the top five Google results, with a separate check on Perplexity. Visibility "
            "was scored by position-adjusted word count and by a subjective impression measure. "
            "The best rewrites raised visibility by up to about 40%; adding quotations, "
            "statistics and citations did best, while keyword stuffing fell below the untouched "
            "baseline. The per-method figures we quote come from a careful secondary reading of "
            "the paper's results table."
        ),
    },
    {
        "key": "c-seo-bench",
        "title": "C-SEO Bench: Does Conversational SEO Work?",
        "url": "https://arxiv.org/abs/2506.11097",
        "organisation": "parameter-lab",
        "venue": "NeurIPS 2025 Datasets and Benchmarks Track",
        "authors": "Haritz Puerto, Martin Gubri, Tommaso Green, Seong Joon Oh, Sangdoo Yun",
        "published_on": date(2025, 6, 6),
        "source_type": SourceType.PEER_REVIEWED,
        "method": Method.CONTROLLED,
        "sample_size": 1_921,
        "sample_unit": "queries",
        "platforms": [],
        "live_tested_on": None,
        "lab_engine": (
            "OpenAI and Anthropic language models (versions not recorded) answering over a "
            "fixed, ranked list of documents"
        ),
        # The query count, the significance tally and the 7.6x figure are second-hand.
        "second_hand": True,
        "summary": (
            "A benchmark from Parameter Lab, TU Darmstadt, Mannheim, Tübingen and NAVER AI Lab "
            "that tests nine conversational SEO methods, seven of them from the GEO paper, on "
            "question answering and product recommendation in three domains each, with several "
            "competing sites adopting the same method. Most methods were largely ineffective and "
            "often lowered a page's ranking, while classic SEO aimed at retrieval rank worked "
            "clearly better; gains shrank as adoption spread. Summaries of the paper report about "
            "1,921 queries, only 3 of 54 method-by-domain results significant after correction, "
            "and classic SEO about 7.6 times as effective as the best conversational method in "
            "retail."
        ),
    },
    {
        "key": "toronto-geo-2025",
        "title": "Generative Engine Optimization: How to Dominate AI Search",
        "url": "https://arxiv.org/abs/2509.08919",
        "organisation": "toronto",
        "venue": "arXiv",
        "authors": "Mahe Chen, Xiaoxuan Wang, Kaiwen Chen, Nick Koudas",
        "published_on": date(2025, 9, 10),
        "source_type": SourceType.PREPRINT,
        "method": Method.OBSERVATIONAL,
        "sample_size": None,
        "sample_unit": "",
        "platforms": ["chatgpt", "perplexity", "gemini", "claude"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "Compares the sources that ChatGPT, Perplexity, Gemini and Claude cite across "
            "verticals, languages and reworded queries, and with Google's classic results. The AI "
            "engines relied heavily on earned, third-party media and much less on brand-owned or "
            "social content, while Google's results were more evenly mixed. The engines also differed in how varied, how "
            "recent and how stable their sources were, and large brands held an advantage."
        ),
    },
    {
        "key": "geo-16-audit",
        "title": (
            "AI Answer Engine Citation Behavior: An Empirical Analysis of the GEO-16 Framework"
        ),
        "url": "https://arxiv.org/abs/2509.10762",
        "organisation": "geo-16-authors",
        "venue": "arXiv",
        "authors": "Arlen Kumar, Leanid Palkhouski",
        "published_on": date(2025, 9, 13),
        "source_type": SourceType.PREPRINT,
        "method": Method.OBSERVATIONAL,
        "sample_size": 1_702,
        "sample_unit": "citations",
        "platforms": ["brave", "google-aio", "perplexity"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "Collects 1,702 citations for 70 product-intent prompts from Brave Summary, Google AI "
            "Overviews and Perplexity, and audits the 1,100 cited URLs against 16 page-quality "
            "pillars. The pillars for metadata and freshness, semantic HTML and structured data "
            "were the most strongly associated with being cited, and overall page quality "
            "predicted citation well. The authors stress that the design is observational and "
            "covers English-language B2B software pages only."
        ),
    },
    {
        "key": "what-gets-cited-2026",
        "title": "What Gets Cited: Competitive GEO in AI Answer Engines",
        "url": "https://arxiv.org/abs/2605.25517",
        "organisation": "what-gets-cited-authors",
        "venue": "arXiv",
        "authors": "Rahul Vishwakarma, Shushant Kumar, Ratnesh Jamidar",
        "published_on": date(2026, 5, 25),
        "source_type": SourceType.PREPRINT,
        "method": Method.CONTROLLED,
        "sample_size": 252_000,
        "sample_unit": "paired trials",
        "platforms": [],
        "live_tested_on": None,
        "lab_engine": (
            "Six language models (names and versions not recorded), each given two candidate "
            "sources to cite from"
        ),
        "second_hand": False,
        "summary": (
            "Places two candidate sources in a language model's context, changes exactly one of "
            "18 content factors between them, and records which one the first citation points "
            "to, with brands anonymised and source order counterbalanced. Across six models and "
            "252,000 trials, topical relevance and position in the list mattered most; an "
            "explicit price and a recent timestamp helped consistently, completeness and trust "
            "cues a little, and formatting-only edits hardly at all."
        ),
    },
    {
        "key": "growth-marshal-schema",
        "title": (
            "Does Schema Markup Predict AI Citation? A Cross-Platform Empirical Study of "
            "Structured Data and Generative Engine Optimization"
        ),
        "url": "https://www.growthmarshal.io/research/does-schema-markup-predict-ai-citation",
        "organisation": "growth-marshal",
        "venue": "Growth Marshal research (preprint)",
        "authors": "Kurt Fischman",
        "published_on": date(2026, 2, 22),
        "source_type": SourceType.PREPRINT,
        "method": Method.OBSERVATIONAL,
        "sample_size": 730,
        "sample_unit": "AI citations",
        "platforms": ["chatgpt", "gemini"],
        "live_tested_on": None,
        "lab_engine": "",
        "second_hand": False,
        "summary": (
            "Gathers 730 citations from ChatGPT (GPT-4o with browsing) and Gemini 1.5 Pro for 75 "
            "commercial queries and compares 1,006 pages with Google's top ten for the same "
            "queries. An early negative association between schema and citation turned out to "
            "come from the make-up of the control sample; the corrected model found no effect of "
            "schema (odds ratio 0.68, p about 0.30). Google organic position was the strongest "
            "predictor: first-placed pages were cited in 43% of the queries they appeared in, "
            "seventh-placed pages in 5%."
        ),
    },
]
