"""Which tags a change invalidates. One mechanism: model signals and the scoring engine's
`evidence_changed` both add tags to the transaction's pending set, bumped (and purged at
the proxy) once when it commits; a rolled-back transaction bumps nothing.

The tags (web/page_cache.py says which page carries which):
- tactic:<id>          everything on that tactic's page about the tactic itself
- summary:<id>         what a card prints about a tactic (related cards on other pages)
- related:<id>         the ranking behind a tactic page's related cards: tactics sharing
                       a source with it or picked by its editor joined or left
- category:<id>        which tactics are published in a category (the other half of
                       the related ranking)
- source:<id>          what a source page and every tactic page print about the source
- source-stances:<id>  the stances a source page lists, with their tactics' cards
- tactic-list          membership, order and card fields of the published tactics: home,
                       the list, llms.txt, feed, sitemap
- tactic-search        the text full-text search reads (the list with `q=`)
- tactic-dates         last-modified dates of published tactics (sitemap, feed)
- source-list          the source library: its sources, their fields and stance counts
- source-members       which sources are in the library and their fields: moves with
                       source-list on every change but an edit that only moves a stance's
                       outcome (the library's count, sources/views.py, reads only this)
- site                 every page (categories and platforms, printed almost everywhere,
                       migrations, bulk writes that call invalidate())

A change to a tactic's card fields (score, confidence, direction, impact, counts, title,
slug) reaches the lists and the pages that show its card; only publishing, unpublishing,
deleting or moving it to another category reaches the related rankings, which rank on
shared sources and category alone (tactics/related.py), never on a grade. So a save that
moves a grade re-renders its own page, the pages showing its card, its sources' pages and
the lists, not every page of its category. A change to its page text reaches its page
(and search); a stance edit reaches its tactic's page and its source's page, the library
when it changes an outcome, and the related rankings only when it adds, removes or
withdraws evidence. A model of ours this module does not know invalidates `site`: coarse, but
never stale.
"""

import logging

from django.db import connections, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)

from scoring.services import evidence_changed
from sources.models import Correction, Organisation, Source, Stance
from tactics.models import Category, ImplementationStep, KeyFinding, Platform, Tactic, TacticFAQ
from web.page_purge import purge
from web.page_versions import CLOCK, SITE, version_store

logger = logging.getLogger(__name__)

CONTENT_APPS = frozenset({"tactics", "sources", "scoring"})
CARD_FIELDS = (
    "question",
    "slug",
    "verdict",
    "status",
    "category_id",
    "evidence_score",
    "confidence",
    "direction",
    "contested",
    "impact",
    "effort",
    "improves_count",
    "no_effect_count",
    "worsens_count",
    "mixed_count",
)
SEARCH_FIELDS = ("action_name", "lede", "body")
# What the engine writes, naming only what changed: no need to read the old row.
ENGINE_FIELDS = frozenset({*Tactic.EVIDENCE_FIELDS, "updated_at"})
STANCE_MEMBERSHIP = ("tactic_id", "source_id", "position", "withdrawn_at")
# What the related ranking reads of a stance: which tactics share a current source.
STANCE_CITATION = ("tactic_id", "source_id", "withdrawn_at")
TACTIC_PARTS = (KeyFinding, ImplementationStep, TacticFAQ)
IGNORED = frozenset({"PendingRecompute", "RecomputeRun"})


# --- The pending set of a transaction --------------------------------------------------


class Pending:
    def __init__(self):
        self.tags = set()
        self.cards = set()  # tactics whose card fields changed: expanded on commit
        self.moved = set()  # tactics that joined or left a ranking (status, category)
        self.cited = set()  # sources whose set of citing tactics changed


def _pending(using):
    """The pending set of the open transaction (called inside one), registering its flush on first use. A
    rolled-back savepoint drops the callback it registered; the next change registers a
    new one with a fresh set (what the rolled-back work added is moot)."""
    connection = connections[using]
    flush = connection.__dict__.get("_page_cache_flush")
    if flush is None or not any(func is flush for _sids, func, _robust in connection.run_on_commit):
        pending = Pending()

        def flush():
            commit(pending)

        connection._page_cache_flush = flush
        connection._page_cache_pending = pending
        transaction.on_commit(flush, using=using)
    return connection._page_cache_pending


def invalidate(tags=(SITE,), using="default", cards=(), cited=(), moved=(), outcomes_only=False):
    """Invalidate tags when the current transaction commits (at once outside one). Bulk
    writes that send no model signals call this: invalidate() empties the cache.

    Whatever moves the library moves its membership too, unless the caller knows that
    only stance outcomes changed (`outcomes_only`): a new way to touch the library can
    only ever invalidate too much, never leave its count stale."""
    if "source-list" in tags and not outcomes_only:
        tags = {*tags, "source-members"}
    connection = connections[using]
    if not connection.in_atomic_block:
        pending = Pending()
        pending.tags.update(tags)
        pending.cards.update(cards)
        pending.cited.update(cited)
        pending.moved.update(moved)
        commit(pending)
        return
    pending = _pending(using)
    pending.tags.update(tags)
    pending.cards.update(cards)
    pending.cited.update(cited)
    pending.moved.update(moved)


def commit(pending):
    """Expand, bump and purge. Runs after commit; never raises into a save."""
    try:
        tags = pending.tags | _expand(pending.cards, pending.cited, pending.moved)
    except Exception:
        logger.exception("Could not work out which pages changed; emptying the page cache")
        tags = {SITE}
    if not tags:
        return
    try:
        store = version_store()
        store.bump([CLOCK])
        store.bump(sorted(tags))
    except Exception:
        logger.exception("Could not invalidate cached pages; they may be stale")
    purge(tags)


def _expand(card_ids, cited_source_ids, moved_ids=()):
    """The tags behind a change of card fields, of who cites a source, or of which
    tactics a ranking may pick (moved), in at most four queries."""
    tags = set()
    moved = set(moved_ids)
    card_ids, sources = set(card_ids) | moved, set(cited_source_ids)
    for tactic_id in card_ids:
        tags.update({f"tactic:{tactic_id}", f"summary:{tactic_id}", "tactic-list"})
    if card_ids:
        tags.add("tactic-search")
        own = set(Stance.objects.filter(tactic_id__in=card_ids).values_list("source_id", flat=True))
        tags.update(f"source-stances:{source_id}" for source_id in own)
    if moved:
        sources.update(
            Stance.objects.filter(tactic_id__in=moved).values_list("source_id", flat=True)
        )
        picked_by = Tactic.related_tactics.through.objects.filter(to_tactic_id__in=moved)
        tags.update(f"related:{pk}" for pk in picked_by.values_list("from_tactic_id", flat=True))
        categories = Tactic.objects.filter(pk__in=moved).values_list("category_id", flat=True)
        tags.update(f"category:{pk}" for pk in categories)
    if sources:
        sharing = Stance.objects.filter(source_id__in=sources).values_list("tactic_id", flat=True)
        tags.update(f"related:{pk}" for pk in set(sharing))
    return tags


# --- Model signals -----------------------------------------------------------------------


def _stored(sender, instance, names, using):
    if instance.pk is None or instance._state.adding:
        return None
    return sender._base_manager.using(using).filter(pk=instance.pk).values(*names).first()


def _remember(sender, instance, using="default", update_fields=None, raw=False, **kwargs):
    if sender is Tactic:
        if update_fields is not None and set(update_fields) <= ENGINE_FIELDS:
            return
        names = ("status", *CARD_FIELDS, *SEARCH_FIELDS)
    elif sender is Stance:
        names = STANCE_MEMBERSHIP
    elif sender in TACTIC_PARTS:
        names = ("tactic_id",)
    else:
        return
    instance._page_cache_old = _stored(sender, instance, names, using)


def _tactic_changed(instance, old, using, update_fields):
    tags = {f"tactic:{instance.pk}"}
    if update_fields is not None and set(update_fields) <= ENGINE_FIELDS:
        # The engine names only the fields it changed (and sends evidence_changed too).
        if "updated_at" in update_fields:
            tags.add("tactic-dates")
        cards = [instance.pk] if set(update_fields) & set(CARD_FIELDS) else []
        invalidate(tags, using, cards=cards)
        return
    published = instance.status == "published"
    was_published = old is not None and old["status"] == "published"
    if published or was_published:
        tags.add("tactic-dates")
        changed = {
            name for name in CARD_FIELDS if old is None or old[name] != getattr(instance, name)
        }
        if changed:
            if old is not None and old["category_id"] != instance.category_id:
                tags.add(f"category:{old['category_id']}")
            if "status" in changed:
                tags.add("source-list")
            if {"status", "category_id"} & changed:
                invalidate(tags, using, moved=[instance.pk])
            else:
                invalidate(tags, using, cards=[instance.pk])
            return
        if any(old[name] != getattr(instance, name) for name in SEARCH_FIELDS):
            tags.add("tactic-search")
    invalidate(tags, using)


def _stance_changed(instance, old, using, deleted=False):
    tags = {f"tactic:{instance.tactic_id}", f"source-stances:{instance.source_id}", "open-data"}
    now = {name: getattr(instance, name) for name in STANCE_MEMBERSHIP}
    cited = []
    if deleted or old is None or old != now:
        tags.add("source-list")  # the library counts each source's outcomes
    cites = deleted or old is None or any(old[name] != now[name] for name in STANCE_CITATION)
    if cites:
        cited.append(instance.source_id)
        tags.add(f"related:{instance.tactic_id}")
    if old is not None:
        tags.update({f"tactic:{old['tactic_id']}", f"source-stances:{old['source_id']}"})
        if (old["tactic_id"], old["source_id"]) != (instance.tactic_id, instance.source_id):
            cited.append(old["source_id"])
            tags.add(f"related:{old['tactic_id']}")
    # A stance that only changed its outcome keeps its source in the library.
    invalidate(tags, using, cited=cited, outcomes_only=not cites)


def tags_for_row(sender, instance):
    """Tags for a saved or deleted row whose old values do not matter."""
    if sender is Source:
        return {f"source:{instance.pk}", "source-list"}
    if sender is Organisation:
        return {f"source:{pk}" for pk in instance.sources.values_list("pk", flat=True)} | {
            "source-list"
        }
    if sender is Correction:
        changes = instance.grade_changes if isinstance(instance.grade_changes, list) else []
        tags = {
            f"tactic:{c['tactic_id']}" for c in changes if isinstance(c, dict) and "tactic_id" in c
        }
        if instance.source_id:
            tags.add(f"source:{instance.source_id}")
        return tags
    if sender.__name__ in IGNORED or sender.__name__.startswith("Historical"):
        return set()  # history rows come with the change they record
    if hasattr(instance, "tactic_id") and sender._meta.app_label == "scoring":
        return {f"tactic:{instance.tactic_id}"}  # snapshots, platform grades
    if sender in (Category, Platform):
        return {SITE}  # printed on nearly every page; renamed rarely
    return {SITE}


def _on_save(sender, instance, created=False, using="default", update_fields=None, **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    old = None if created else getattr(instance, "_page_cache_old", None)
    if sender is Tactic:
        _tactic_changed(instance, old, using, update_fields)
    elif sender is Stance:
        _stance_changed(instance, old, using)
    elif sender in TACTIC_PARTS:
        tags = {f"tactic:{instance.tactic_id}"}
        if old is not None:
            tags.add(f"tactic:{old['tactic_id']}")
        invalidate(tags, using)
    else:
        tags = tags_for_row(sender, instance)
        if tags:
            invalidate(tags, using)


def _before_delete(sender, instance, using="default", **kwargs):
    # A deleted tactic's sharers and pickers can only be found while its rows exist.
    if sender is Tactic and instance.status == "published":
        invalidate({"source-list", f"category:{instance.category_id}"}, using)
        invalidate(_expand((), (), moved_ids=[instance.pk]), using)


def _on_delete(sender, instance, using="default", **kwargs):
    if sender._meta.app_label not in CONTENT_APPS:
        return
    if sender is Tactic:
        invalidate({f"tactic:{instance.pk}", f"summary:{instance.pk}", "tactic-list"}, using)
    elif sender is Stance:
        _stance_changed(instance, None, using, deleted=True)
    elif sender in TACTIC_PARTS:
        invalidate({f"tactic:{instance.tactic_id}"}, using)
    else:
        tags = tags_for_row(sender, instance)
        if tags:
            invalidate(tags, using)


def _on_m2m_changed(sender, instance, action, reverse, pk_set, using="default", **kwargs):
    if not action.startswith("post_") or instance._meta.app_label not in CONTENT_APPS:
        return
    if pk_set is None:  # a clear: which rows went is no longer known
        invalidate({SITE}, using)
        return
    if sender is Source.platforms.through:
        source_ids = pk_set if reverse else {instance.pk}
        invalidate({f"source:{pk}" for pk in source_ids} | {"source-list"}, using)
    elif sender is Tactic.related_tactics.through:
        # Only the choosing tactic's page shows its picks.
        choosers = pk_set if reverse else {instance.pk}
        invalidate({f"tactic:{pk}" for pk in choosers}, using)
    elif sender is Tactic.platforms_covered.through:
        invalidate(set(), using, cards=pk_set if reverse else {instance.pk})
    elif sender is Correction.tactics.through:
        tactic_ids = {instance.pk} if reverse else pk_set
        invalidate({f"tactic:{pk}" for pk in tactic_ids}, using)
    else:
        invalidate({SITE}, using)


def _on_evidence_changed(sender=None, tactic_ids=(), **kwargs):
    # Sent after commit by the engine, whose bulk path sends no model signal. It says
    # which tactics, not which fields: treat each as a change of its card.
    invalidate(set(), cards=list(tactic_ids))


def _on_migrate(sender, **kwargs):
    # Data migrations change content without model signals, and `flush` (which test
    # cases use between tests) sends post_migrate after emptying every table.
    invalidate({SITE})


def connect():
    """Called once at start-up (WebConfig.ready)."""
    uid = "page_cache."
    # post_migrate is sent once per app with models, after every migration has run:
    # listening to one app empties the cache (and purges the proxy) once per migrate or
    # flush, not a dozen times.
    post_migrate.connect(
        _on_migrate, sender=Tactic._meta.app_config, dispatch_uid=uid + "post_migrate"
    )
    pre_save.connect(_remember, dispatch_uid=uid + "pre_save")
    post_save.connect(_on_save, dispatch_uid=uid + "post_save")
    pre_delete.connect(_before_delete, dispatch_uid=uid + "pre_delete")
    post_delete.connect(_on_delete, dispatch_uid=uid + "post_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid=uid + "m2m_changed")
    evidence_changed.connect(_on_evidence_changed, dispatch_uid=uid + "evidence")
