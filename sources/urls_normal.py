"""URL normalisation, so the same study cannot be entered twice under cosmetic variants."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_")
TRACKING_KEYS = {"fbclid", "gclid", "msclkid", "ref", "ref_src"}
DEFAULT_PORTS = {"http": "80", "https": "443"}


def normalise_url(url: str) -> str:
    """Return the canonical form used for the uniqueness check.

    Scheme is dropped (http and https copies of a page are the same source), the host is
    lower-cased without "www." or a default port, tracking parameters and the fragment go,
    the remaining parameters are sorted and a trailing slash is removed.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port if parts.port is not None else None
    if port is not None and str(port) != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or ""
    query = urlencode(
        sorted(
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if key.lower() not in TRACKING_KEYS and not key.lower().startswith(TRACKING_PREFIXES)
        )
    )
    return urlunsplit(("", host, path, query, "")).lstrip("/")
