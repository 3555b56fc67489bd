"""The source admin's add form as a browser posts it, with no inline stance."""


def source_form(**overrides):
    data = {
        "title": "A new study",
        "url": "https://example.net/new-study",
        "publisher": "Example Lab",
        "authors": "",
        "published_on": "2026-03-01",
        "source_type": "independent",
        "method": "observational",
        "sample_size": "5000",
        "sample_unit": "queries",
        "summary": "",
        "stances-TOTAL_FORMS": "0",
        "stances-INITIAL_FORMS": "0",
        "stances-MIN_NUM_FORMS": "0",
        "stances-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data
