"""AI search surfaces and tactic categories used by the demo tactics."""

PLATFORMS = [
    {"slug": "google-aio", "name": "Google AI Overviews"},
    {"slug": "google-ai-mode", "name": "Google AI Mode"},
    {"slug": "chatgpt", "name": "ChatGPT"},
    {"slug": "perplexity", "name": "Perplexity"},
    {"slug": "gemini", "name": "Gemini"},
    {"slug": "copilot", "name": "Microsoft Copilot"},
    {"slug": "claude", "name": "Claude"},
    {"slug": "brave", "name": "Brave Summary"},
    # Search Atlas's llms.txt study also measured Grok.
    {"slug": "grok", "name": "Grok"},
]

CATEGORIES = [
    {
        "slug": "on-page",
        "name": "On-page",
        "description": "Changes to a single page's wording, layout or markup that a reader can see.",
    },
    {
        "slug": "content",
        "name": "Content",
        "description": "What a page says: the evidence, sources, quotes and recency it offers.",
    },
    {
        "slug": "off-page",
        "name": "Off-page",
        "description": "Signals earned elsewhere on the web, such as links and search rankings.",
    },
    {
        "slug": "technical",
        "name": "Technical",
        "description": "Files and markup aimed at machines rather than readers, from JSON-LD to llms.txt.",
    },
    {
        "slug": "brand-entity",
        "name": "Brand and entity",
        "description": "How widely and consistently a brand is discussed by third parties.",
    },
    {
        "slug": "measurement",
        "name": "Measurement",
        "description": "How to tell whether AI search cites you at all, and what that is worth.",
    },
]
