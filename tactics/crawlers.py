"""What search and AI crawlers read: sitemap, robots.txt, llms.txt and the Atom feed."""

from django.http import HttpResponse


def robots_txt(request):
    return HttpResponse("User-agent: *\nAllow: /\n", content_type="text/plain")


def llms_txt(request):
    return HttpResponse("# GEO Evidence\n", content_type="text/plain")


SITEMAPS = {}
