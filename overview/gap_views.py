from django.http import Http404


def gap_map(request):
    raise Http404("Not built yet")
