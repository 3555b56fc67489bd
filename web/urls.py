"""Site-wide pages at the root: home, and what crawlers fetch."""

from django.contrib.sitemaps.views import index, sitemap
from django.urls import path

from web import crawlers
from web.health import healthz
from web.home import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", crawlers.robots_txt, name="robots_txt"),
    path("llms.txt", crawlers.llms_txt, name="llms_txt"),
    # The index keeps the address robots.txt and llms.txt name; each section is paginated.
    path(
        "sitemap.xml",
        index,
        {"sitemaps": crawlers.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": crawlers.SITEMAPS},
        name="sitemap_section",
    ),
    path("feed.atom", crawlers.UpdatedTacticsFeed(), name="feed"),
]
