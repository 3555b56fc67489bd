import pytest
from django.contrib.auth.models import Group

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
