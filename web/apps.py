from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site shell: the page cache and its invalidation, the health endpoint, the home
    page and the files crawlers fetch."""

    name = "web"
    verbose_name = "Site shell"

    def ready(self):
        from web.page_cache import connect_invalidation_signals

        connect_invalidation_signals()
