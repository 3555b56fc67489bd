from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring"

    def ready(self):
        from config import health
        from scoring import services, signals

        signals.connect()
        # /healthz says when scores were last fully recomputed (config names no app).
        health.register("scores", services.freshness)
