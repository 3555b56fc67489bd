from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _ensure_roles(sender, **kwargs):
    # post_migrate is sent once per app, and each app's permissions are created on its own
    # turn: wait for the last app so that every permission the roles name exists.
    if sender is not list(apps.get_app_configs())[-1]:
        return
    from tactics.roles import ensure_roles

    ensure_roles()


class TacticsConfig(AppConfig):
    name = "tactics"
    verbose_name = "Tactics"

    def ready(self):
        post_migrate.connect(_ensure_roles, dispatch_uid="tactics.ensure_roles")
