"""Admin login throttling (django-axes): five failures lock the account from that address."""

import pytest
from django.urls import reverse

LOCKED = "Account locked: too many login attempts"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "editor-alice", password="the-right-password", is_staff=True
    )


def attempt(client, password, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": "editor-alice", "password": password, "next": "/admin/"},
        **extra,
    )


@pytest.mark.django_db
def test_five_failures_lock_out_even_the_right_password_with_a_clear_message(client, staff):
    for _ in range(4):
        response = attempt(client, "wrong")
        assert response.status_code == 200  # the form again, with its error
        assert LOCKED not in response.content.decode()

    fifth = attempt(client, "wrong")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()

    right = attempt(client, "the-right-password")
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lock_is_per_address_so_an_attacker_cannot_lock_the_owner_out(client, staff):
    for _ in range(5):
        attempt(client, "wrong", REMOTE_ADDR="203.0.113.9")
    assert attempt(client, "wrong", REMOTE_ADDR="203.0.113.9").status_code == 429

    owner = attempt(client, "the-right-password", REMOTE_ADDR="198.51.100.4")
    assert owner.status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(client, staff):
    for number in range(5):
        attempt(client, "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{number}")
    assert attempt(client, "wrong", HTTP_X_FORWARDED_FOR="10.9.9.99").status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_visitor_address_comes_from_forwarded_for(
    client, staff, monkeypatch
):
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        attempt(client, "wrong", HTTP_X_FORWARDED_FOR="forged, 203.0.113.9", **proxy)
    assert attempt(client, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 429
    # Another visitor behind the same proxy is not locked out.
    other = attempt(client, "the-right-password", HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert other.status_code == 302
