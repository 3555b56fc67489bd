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


def _form_data(form) -> dict:
    """What a browser would post from a form as rendered (disabled fields included, as a
    hand-made request could send them)."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


@pytest.fixture
def admin_form_data():
    """admin_form_data(response): the POST data of an admin form page as rendered, its
    inline formsets included: posting it back unchanged is saving without an edit."""

    def data(response):
        posted = _form_data(response.context["adminform"].form)
        for inline in response.context.get("inline_admin_formsets", []):
            posted.update(_form_data(inline.formset.management_form))
            for form in inline.formset.forms:
                posted.update(_form_data(form))
        return posted

    return data


@pytest.fixture
def revert_in_admin(admin_form_data):
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
        data = admin_form_data(page)
        return client.post(url, {**data, "_save": "Revert", **changes})

    return revert


@pytest.fixture
def scored(django_capture_on_commit_callbacks):
    """`with scored():` runs the recomputes the block schedules, as a committed request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-for-tests")


@pytest.fixture
def recover_in_admin(admin_form_data):
    """recover(client, model, pk): find the object on the model's "Recover deleted" list,
    open it and post its form back as the Revert button does. Returns the followed
    response, whose messages say what came back."""

    def recover(client, model, pk):
        opts = model._meta
        listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist"))
        assert listing.status_code == 200
        urls = [url for _, version, url in listing.context["rows"] if version.id == pk]
        assert len(urls) == 1, "the deleted object is listed once"
        page = client.get(urls[0])
        assert page.status_code == 200
        return client.post(urls[0], {**admin_form_data(page), "_save": "Revert"}, follow=True)

    return recover
