from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"

    def ready(self):
        # Marks the deletions of tactics' models too: restoring a source or a tactic reads
        # the history of both apps.
        from sources import deletion

        deletion.connect()
