"""The admin login: an overlong user name gets the ordinary error, never a 500; after a
login, a refused `?next=` lands on the admin index. (Random text at the login form:
test_no_outsider_500s.py.)"""

import logging

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

WRONG = "Please enter the correct username and password for a staff account."


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "editor-alice", password="the-right-password", is_staff=True
    )


def log_in(client, username, password, next_url="/admin/"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": next_url}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("length", [256, 300, 5000])
def test_an_overlong_username_gets_the_ordinary_error_and_logs_nothing(client, caplog, length):
    """On PostgreSQL axes' 255-character column refused such a name: a 500 with a logged
    traceback (django-axes issue #1381)."""
    with caplog.at_level(logging.WARNING):
        response = log_in(client, "x" * length, "anything")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    # SQLite would have stored it silently, in a column that cannot hold it.
    assert all(
        len(name) <= 255 for name in AccessAttempt.objects.values_list("username", flat=True)
    )


@pytest.mark.django_db
def test_a_wrong_password_for_a_real_name_still_counts_towards_the_lock(client, staff):
    assert WRONG in log_in(client, "editor-alice", "wrong").content.decode()
    assert AccessAttempt.objects.get(username="editor-alice").failures_since_start == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"]
)
def test_a_refused_next_lands_on_the_admin_index(client, staff, next_url):
    response = log_in(client, "editor-alice", "the-right-password", next_url=next_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_safe_next_is_followed(client, staff):
    target = reverse("admin:password_change")
    response = log_in(client, "editor-alice", "the-right-password", next_url=target)
    assert response["Location"] == target
