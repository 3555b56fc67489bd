"""The organisations behind the demo sources: who did each piece of research.

Replication counts distinct organisations, so each real organisation appears once, however
many studies it published, and two unrelated author groups that both posted on arXiv are two
organisations (arXiv is where they appeared, the source's venue, not who they are).

``sells_related_product`` is set only for organisations that sell an SEO or AI-visibility
tool or service whose sales rise if the tactics they study are believed to work: tool
vendors and agencies. Where the research notes do not record an author group's affiliation,
the kind stays "other" rather than a guess.
"""

from sources.choices import OrganisationKind as Kind

ORGANISATIONS = [
    # Universities and research institutes
    {
        "key": "princeton",
        "name": "Princeton University",
        "kind": Kind.UNIVERSITY,
        "sells_related_product": False,
        "website": "https://www.princeton.edu/",
    },
    {
        # C-SEO Bench was developed at Parameter Lab with TU Darmstadt, Mannheim, Tübingen
        # and NAVER AI Lab; Parameter Lab leads it and sells no SEO product.
        "key": "parameter-lab",
        "name": "Parameter Lab",
        "kind": Kind.UNIVERSITY,
        "sells_related_product": False,
        "website": "https://www.parameterlab.de/",
    },
    {
        "key": "toronto",
        "name": "University of Toronto",
        "kind": Kind.UNIVERSITY,
        "sells_related_product": False,
        "website": "https://www.utoronto.ca/",
    },
    {
        "key": "pew",
        "name": "Pew Research Center",
        "kind": Kind.UNIVERSITY,
        "sells_related_product": False,
        "website": "https://www.pewresearch.org/",
    },
    # Author groups known to us only by name: their affiliation is not in our notes.
    {
        "key": "geo-16-authors",
        "name": "Kumar and Palkhouski (GEO-16 authors)",
        "kind": Kind.OTHER,
        "sells_related_product": False,
        "website": "",
    },
    {
        "key": "what-gets-cited-authors",
        "name": "Vishwakarma, Kumar and Jamidar (What Gets Cited authors)",
        "kind": Kind.OTHER,
        "sells_related_product": False,
        "website": "",
    },
    # The platform that issued an official statement
    {
        "key": "google",
        "name": "Google",
        "kind": Kind.PLATFORM,
        "sells_related_product": False,
        "website": "https://developers.google.com/search",
    },
    # Media
    {
        "key": "search-engine-land",
        "name": "Search Engine Land",
        "kind": Kind.MEDIA,
        "sells_related_product": False,
        "website": "https://searchengineland.com/",
    },
    {
        # Recorded as an independent study in the captured page; what Visible sells is not
        # in our notes, so it is left unclassified rather than cleared or flagged.
        "key": "visible",
        "name": "Visible",
        "kind": Kind.OTHER,
        "sells_related_product": False,
        "website": "https://www.visible.ai/",
    },
    # Vendors of SEO or AI-visibility tools
    {
        "key": "ahrefs",
        "name": "Ahrefs",
        "kind": Kind.TOOL_VENDOR,
        "sells_related_product": True,
        "website": "https://ahrefs.com/",
    },
    {
        "key": "se-ranking",
        "name": "SE Ranking",
        "kind": Kind.TOOL_VENDOR,
        "sells_related_product": True,
        "website": "https://seranking.com/",
    },
    {
        "key": "search-atlas",
        "name": "Search Atlas",
        "kind": Kind.TOOL_VENDOR,
        "sells_related_product": True,
        "website": "https://searchatlas.com/",
    },
    {
        "key": "trakkr",
        "name": "Trakkr",
        "kind": Kind.TOOL_VENDOR,
        "sells_related_product": True,
        "website": "https://trakkr.ai/",
    },
    {
        "key": "profound",
        "name": "Profound",
        "kind": Kind.TOOL_VENDOR,
        "sells_related_product": True,
        "website": "https://www.tryprofound.com/",
    },
    {
        "key": "airops",
        "name": "AirOps",
        "kind": Kind.TOOL_VENDOR,
        "sells_related_product": True,
        "website": "https://www.airops.com/",
    },
    {
        "key": "brightedge",
        "name": "BrightEdge",
        "kind": Kind.TOOL_VENDOR,
        "sells_related_product": True,
        "website": "https://www.brightedge.com/",
    },
    # Agencies and sellers of SEO services
    {
        "key": "growth-marshal",
        "name": "Growth Marshal",
        "kind": Kind.AGENCY,
        "sells_related_product": True,
        "website": "https://www.growthmarshal.io/",
    },
    {
        "key": "seer-interactive",
        "name": "Seer Interactive",
        "kind": Kind.AGENCY,
        "sells_related_product": True,
        "website": "https://www.seerinteractive.com/",
    },
    {
        "key": "beeby-clark-meyler",
        "name": "Beeby Clark+Meyler",
        "kind": Kind.AGENCY,
        "sells_related_product": True,
        "website": "https://www.beebyclarkmeyler.com/",
    },
    {
        # A marketplace that sells link placements: a service whose sales rise if links
        # are believed to earn AI citations.
        "key": "nobs-marketplace",
        "name": "NoBSMarketplace",
        "kind": Kind.AGENCY,
        "sells_related_product": True,
        "website": "https://nobsmarketplace.com/",
    },
]
