import pytest
from freezegun import freeze_time

TODAY = "2026-11-25 10:00:00"


@pytest.fixture
def frozen_today():
    """Scores depend on the date (recency), so the database tests fix it."""
    with freeze_time(TODAY):
        yield


@pytest.fixture
def count_assessments(monkeypatch):
    """Count engine runs per tactic: services.grade is wrapped to record its input."""
    import scoring.services

    calls = []
    real = scoring.services.grade

    def counting(stances, as_of):
        stances = list(stances)
        calls.append(frozenset(s.stance_id for s in stances))
        return real(stances, as_of)

    monkeypatch.setattr(scoring.services, "grade", counting)
    return calls
