from django.http import Http404


def compare(request):
    raise Http404("Not built yet")
