"""Plain helpers for admin tests (fixtures live in tests/conftest.py)."""

from django.urls import reverse


def grade(tactic):
    tactic.refresh_from_db()
    return (
        tactic.evidence_score,
        tactic.confidence,
        tactic.direction,
        tactic.contested,
        tactic.improves_count,
        tactic.no_effect_count,
        tactic.mixed_count,
        sorted(tactic.platforms_covered.values_list("slug", flat=True)),
        tactic.evidence_breakdown,
    )


def delete_in_admin(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def messages_of(response):
    return [str(message) for message in response.context["messages"]]
