"""URL normalisation, so the same study cannot be entered twice under cosmetic variants."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_")
TRACKING_KEYS = {"fbclid", "gclid", "msclkid", "ref", "ref_src"}
DEFAULT_PORTS = {"http": "80", "https": "443"}
MAX_PORT = 65535

UNREADABLE = "This address cannot be read as a web address: check it."
PORT_TOO_HIGH = "This address has a port beyond 65535 (:{port}): check it."
PORT_ZERO = "This address has port 0, which no web server listens on: check it."
PORT_NOT_A_NUMBER = "This address has a port that is not a number (:{port}): check it."
BAD_BRACKETS = (
    "This address has a square bracket in its host that does not enclose an IPv6 address: check it."
)
LOOKALIKE_HOST = (
    "This address's host name contains a character that stands for / ? # @ or : "
    "(a full-width or compatibility form): type the host name again."
)
SPACE_IN_HOST = "This address has a space or an invisible character in its host name: check it."


class UnreadableURL(ValueError):
    """A URL that normalisation cannot take apart. The message tells a researcher, in
    words, what to check; the model turns it into an error on the URL field."""


def _split(url):
    try:
        return urlsplit(url)
    except ValueError as error:
        text = str(error)
        if "IPv6" in text or "IPv4" in text:
            raise UnreadableURL(BAD_BRACKETS) from error
        if "NFKC" in text:
            raise UnreadableURL(LOOKALIKE_HOST) from error
        raise UnreadableURL(UNREADABLE) from error


def _port(parts):
    """The port as typed, or None. urlsplit checks the port only when asked for it, and
    then raises a bare ValueError, so the check is made here, with the reason."""
    typed = parts.netloc.rpartition("@")[2].rpartition("]")[2].partition(":")[2]
    if not typed:
        return None
    if not (typed.isascii() and typed.isdigit()):
        raise UnreadableURL(PORT_NOT_A_NUMBER.format(port=typed[:20]))
    number = int(typed)
    if number > MAX_PORT:
        raise UnreadableURL(PORT_TOO_HIGH.format(port=typed[:20]))
    if number == 0:
        raise UnreadableURL(PORT_ZERO)
    return number


def normalise_url(url: str) -> str:
    """Return the canonical form used for the uniqueness check.

    Scheme is dropped (http and https copies of a page are the same source), the host is
    lower-cased without "www." or a default port, tracking parameters and the fragment go,
    the remaining parameters are sorted and a trailing slash is removed.

    Raises UnreadableURL (a ValueError), and nothing else, for an address that cannot be
    taken apart: a port out of range, stray brackets, a space in the host name.
    """
    parts = _split(url.strip())
    host = (parts.hostname or "").lower()
    if any(char.isspace() or not char.isprintable() for char in host):
        raise UnreadableURL(SPACE_IN_HOST)
    if host.startswith("www."):
        host = host[4:]
    if ":" in host:
        # An IPv6 address keeps its brackets, or [::1]:8080 and [::1:8080] would be one.
        host = f"[{host}]"
    port = _port(parts)
    if port is not None and str(port) != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or ""
    try:
        query = urlencode(
            sorted(
                (key, value)
                for key, value in parse_qsl(parts.query, keep_blank_values=True)
                if key.lower() not in TRACKING_KEYS
                and not key.lower().startswith(TRACKING_PREFIXES)
            )
        )
    except ValueError as error:  # text that cannot be encoded, e.g. a lone surrogate
        raise UnreadableURL(UNREADABLE) from error
    return urlunsplit(("", host, path, query, "")).lstrip("/")
