from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self):
        from scoring import services, signals
        from web import health

        signals.connect()
        # /healthz says when scores were last fully recomputed (the shell names no app).
        health.register("scores", services.freshness)
