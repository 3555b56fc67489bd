"""Site-wide pages at the root: home, and what crawlers fetch."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from web import crawlers
from web.health import healthz
from web.home import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", crawlers.robots_txt, name="robots_txt"),
    path("llms.txt", crawlers.llms_txt, name="llms_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": crawlers.SITEMAPS}, name="sitemap"),
    path("feed.atom", crawlers.UpdatedTacticsFeed(), name="feed"),
]
