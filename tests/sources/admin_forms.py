"""The source admin's add form as a browser posts it, with no inline stance."""

from tests.factories import OrganisationFactory


def source_form(**overrides):
    """The organisation is "Example Lab" (created if need be) unless one is given."""
    data = {
        "title": "A new study",
        "url": "https://example.net/new-study",
        "venue": "",
        "authors": "",
        "published_on": "2026-03-01",
        "source_type": "independent",
        "method": "observational",
        "sample_size": "5000",
        "sample_unit": "queries",
        "lab_engine": "",
        "live_tested_on": "",
        "summary": "",
        "stances-TOTAL_FORMS": "0",
        "stances-INITIAL_FORMS": "0",
        "stances-MIN_NUM_FORMS": "0",
        "stances-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    if "organisation" not in data:
        data["organisation"] = str(OrganisationFactory(name="Example Lab").pk)
    return data
