"""Answers recorded from doi.org and from two web pages, and `Recorded`, a fetcher that
replays them: the metadata tests never touch the network.

The Crossref record is the CSL-JSON shape doi.org sends for a DOI registered with Crossref
(a conference paper: `title` a string, `issued.date-parts`, `author` with given and family
names); the arXiv page carries Google Scholar's citation_* tags as arXiv's abstract pages do;
the report page is a vendor's study page whose only citation data is its JSON-LD.
"""

from pathlib import Path

HERE = Path(__file__).parent

GEO_DOI = "10.1145/3637528.3671900"
GEO_DOI_URL = f"https://doi.org/{GEO_DOI}"
ARXIV_URL = "https://arxiv.org/abs/2311.09735"
REPORT_URL = "https://www.northfield-labs.example/research/ai-overviews-and-the-click"

JSON = "application/vnd.citationstyles.csl+json"
HTML = "text/html; charset=utf-8"


def recording(name: str) -> bytes:
    return (HERE / name).read_bytes()


def recorded_answers() -> dict:
    """{url: (status, content type, body)} for the GEO paper's DOI and the two pages."""
    return {
        GEO_DOI_URL: (200, JSON, recording("crossref-10.1145-3637528.3671900.json")),
        ARXIV_URL: (200, HTML, recording("arxiv-2311.09735.html")),
        REPORT_URL: (200, HTML, recording("report-json-ld.html")),
    }


class Recorded:
    """A fetcher answering from `answers` ({url: (status, content_type, body)} or
    {url: an exception to raise}); it notes every request in `asked`. A URL not recorded
    fails the test: nothing may reach for the network."""

    def __init__(self, answers: dict | None = None, **extra):
        self.answers = {**recorded_answers(), **(answers or {}), **extra}
        self.asked: list[tuple[str, dict]] = []

    def fetch(self, url, headers, timeout):
        self.asked.append((url, dict(headers)))
        assert url in self.answers, f"not recorded: {url}"
        answer = self.answers[url]
        if isinstance(answer, BaseException):
            raise answer
        return answer
