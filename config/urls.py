from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.login import AdminLoginForm

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Evidence database"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("web.urls")),
    path("tactics/", include("tactics.urls")),
    path("sources/", include("sources.urls")),
    path("corrections/", include("sources.corrections_urls")),
    path("methodology/", include("scoring.urls")),
    path("changes/", include("scoring.change_urls")),
    path("api/", include("api.urls")),
    path("data/", include("opendata.urls")),
    path("", include("overview.urls")),
]
