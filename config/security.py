"""Security headers, cookies and the Content Security Policy.

Pages carry no inline script or style, so the policy needs no nonce and whole pages can
be cached and shared between visitors (a nonce in a cached page would be reused).
"""

from django.utils.csp import CSP

from config.env import env_bool, env_int

_debug = env_bool("DEBUG", default=False)
# Behind a TLS-terminating proxy; off for plain-HTTP local runs and the CI smoke test.
_https = env_bool("HTTPS", default=not _debug)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from any client.
# gunicorn decides the scheme instead, honouring the header only from FORWARDED_ALLOW_IPS
# (gunicorn.conf.py), and Django reads gunicorn's decision (wsgi.url_scheme).

if _https:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are sent only over HTTPS, to this exact host, for the whole site:
    # a subdomain cannot plant or overwrite them (OWASP ASVS 3.3.1).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # Probes speak plain HTTP to the container (web.health answers them even earlier).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_CSP["upgrade-insecure-requests"] = True


def client_ip(request):
    """The visitor's address for login throttling (django-axes).

    Without a proxy it is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT proxies, each appends
    the address it received from to X-Forwarded-For, so the visitor's address is that many
    entries from the right; entries further left are whatever the client sent and could be
    forged to dodge the lock.
    """
    proxies = env_int("TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
