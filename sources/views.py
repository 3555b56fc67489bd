from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from sources.models import Source


def source_list(request):
    return HttpResponse("\n".join(s.title for s in Source.objects.with_published_tactics()))


def source_detail(request, pk):
    source = get_object_or_404(Source.objects.with_published_tactics(), pk=pk)
    return HttpResponse(source.title)
