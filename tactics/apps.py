from django.apps import AppConfig


class TacticsConfig(AppConfig):
    name = "tactics"
    verbose_name = "Tactics"
