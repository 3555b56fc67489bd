"""The dataset's licence, stated once for the /data/ page, the JSON metadata, the zip's
LICENCE.txt and the schema.org `license`."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    url: str
    legal_code: str

    def attribution(self, site_url: str) -> str:
        """What a reuser writes: who, where from, and under which licence."""
        return f"{settings.SITE_NAME} dataset ({site_url}/data/), licensed under {self.name}"


LICENCE = Licence(
    name="CC BY 4.0",
    title="Creative Commons Attribution 4.0 International",
    url="https://creativecommons.org/licenses/by/4.0/",
    legal_code="https://creativecommons.org/licenses/by/4.0/legalcode",
)
# Third parties' words in the data (titles, findings quoted from a source) stay theirs.
QUOTED_MATERIAL = (
    "Source titles, and findings or effects quoted from a source, are short quotations of "
    "other people's work, given for identification and criticism; the licence covers our "
    "selection, grading and descriptions, not the quoted works themselves."
)


def licence_text(site_url: str) -> str:
    return (
        f"{settings.SITE_NAME} dataset\n\n"
        f"This dataset is licensed under the {LICENCE.title} licence ({LICENCE.name}).\n"
        f"Summary: {LICENCE.url}\n"
        f"Legal code: {LICENCE.legal_code}\n\n"
        "You may copy, redistribute, adapt and build upon it for any purpose, even "
        "commercially, as long as you give credit, link to the licence and say whether "
        "you changed it. Credit it like this:\n\n"
        f"    {LICENCE.attribution(site_url)}\n\n"
        f"{QUOTED_MATERIAL}\n"
    )
