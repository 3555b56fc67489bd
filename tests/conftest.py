import pytest
from django.contrib.auth.models import Group
from django.forms import CheckboxInput
from django.urls import reverse

from tactics.roles import EDITORS, RESEARCHERS, ensure_roles


@pytest.fixture
def roles(db):
    return ensure_roles()


def _staff_in(django_user_model, group: Group, username: str):
    user = django_user_model.objects.create_user(username, password="pw-for-tests", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def researcher(roles, django_user_model):
    return _staff_in(django_user_model, roles[RESEARCHERS], "researcher")


@pytest.fixture
def editor(roles, django_user_model):
    return _staff_in(django_user_model, roles[EDITORS], "editor")


def _history_form_data(form) -> dict:
    """What a browser would post from a form as rendered (disabled fields included, as a
    hand-made request could send them)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


@pytest.fixture
def revert_in_admin():
    """revert(client, record, **changes): open a past version (a historical record) in the
    admin's history form as the client's user, and post the form back, as the Revert button
    does, with any field overridden by `changes`. Returns the POST's response."""

    def revert(client, record, **changes):
        opts = record.instance._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
            args=[record.instance.pk, record.history_id],
        )
        page = client.get(url)
        assert page.status_code == 200, url
        data = _history_form_data(page.context["adminform"].form)
        return client.post(url, {**data, "_save": "Revert", **changes})

    return revert
