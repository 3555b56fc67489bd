"""The visitor-independent parts of a tactic page, rendered once and reused.

A tactic page the page cache cannot answer (a visitor with a session or messages cookie,
a page it has just dropped) costs a full render: about 24 ms of CPU, two-thirds of it in
the template engine. Nearly all of that HTML is the same for every visitor: the head,
and everything inside <article> except the draft banner. So the view keeps two parts in
the default cache, keyed like the page cache (scheme, host and path: the head prints the
canonical URL):

- the page part (title, head, body) under the tactic's own tags: the tactic and each
  source it prints;
- the related cards under the tags of what ranks and prints them: related:<id>,
  category:<id> and summary:<id> of each card.

Together they are exactly the tags the page declares (views/detail.py `page_tags`), read
from the page cache's version store (web/page_versions.py): each part records its tags'
versions and is served only while none has moved, so a part is never staler than a cached
page would be. A part rendered inside an open transaction, or while a commit landed (the
clock tag moved between before the view's queries and after the render), is not stored:
it may show rows that were never committed or predate that commit.

How parts are stored and checked, and who may use them, is web/stored_parts.py's: the
same for every page that keeps parts.
"""

from web import stored_parts

PAGE, RELATED = "page", "related"
enabled = stored_parts.enabled
clock = stored_parts.clock


class Stored(stored_parts.Part):
    """A stored part of the tactic page. The page part also keeps its tactic's id and
    category, which rank the related cards, so they can be redrawn without the tactic."""

    @property
    def tactic_id(self):
        return self.facts.get("tactic_id")

    @property
    def category_id(self):
        return self.facts.get("category_id")


def _keys(request):
    return stored_parts.keys("tactic", request, (PAGE, RELATED))


def read(request) -> dict:
    """The current stored parts of this page by name (PAGE, RELATED): none, one or both."""
    return stored_parts.read(_keys(request))


def store(request, started, parts):
    """Keep parts rendered since `started` (the clock `clock` read): {name: (html, tags,
    facts)}."""
    keys = _keys(request)
    entries = {keys[name]: entry for name, entry in parts.items()}
    stored_parts.store(started, entries, part_class=Stored)
