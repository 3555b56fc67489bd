"""The site's URLs plus views that misbehave in ways the page cache must notice."""

from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def sets_cookie(request):
    response = HttpResponse("personal")
    response.set_cookie("visitor", "abc")
    return response


def varies_on_language(request):
    response = HttpResponse(request.headers.get("Accept-Language", "none"))
    response["Vary"] = "Accept-Language"
    return response


def uses_nonce(request):
    return HttpResponse(f"<script nonce='{get_nonce(request)}'></script>")


def plain(request):
    return HttpResponse("plain page")


urlpatterns = [
    path("test/sets-cookie/", sets_cookie, name="sets_cookie"),
    path("test/varies/", varies_on_language, name="varies"),
    path("test/nonce/", uses_nonce, name="nonce"),
    path("test/plain/", plain, name="plain"),
    *site_urlpatterns,
]
