"""gzip for the responses the page cache does not compress: staff previews, a page after a
message, the admin, pages outside the cache (robots.txt, the methodology) and short ones.

Django's GZipMiddleware pads each body by a random number of bytes, so that BREACH cannot
read a secret out of the compressed length. Only a visitor with a session or messages
cookie can get a page holding something of theirs (a CSRF token, which Django masks per
response anyway, a message, staff-only text), so only those are padded. Anonymous
responses hold nothing personal and are compressed the same way every time: their
Content-Length is stable, so a HEAD tells exactly what the GET will send.
"""

from django.middleware.gzip import GZipMiddleware

from web.page_cache import carries_identity


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.padded = GZipMiddleware(get_response)
        self.plain = GZipMiddleware(get_response)
        self.plain.max_random_bytes = 0

    def __call__(self, request):
        response = self.get_response(request)
        gzip = self.padded if carries_identity(request) else self.plain
        return gzip.process_response(request, response)
