"""The two downloads, built together from one consistent read of the database: the CSV zip
(one file per table, the data dictionary as README.md and data-dictionary.csv, the
licence) and the JSON document (a metadata header, then the same tables).

Both are written into memory (BytesIO) as the rows stream from the database: the page
cache stores finished bytes, and a file is small next to the Python objects a whole table
would take. One build serves the /data/ page and both downloads until the data changes
(`current()`).
"""

import csv
import hashlib
import io
import json
import logging
import uuid
import zipfile
from dataclasses import dataclass, field
from time import monotonic, sleep

from django.conf import settings
from django.core.cache import caches
from django.db import connections, router, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from opendata import dataset
from opendata import dictionary as d
from opendata.licence import LICENCE, licence_text
from sources.models import Stance
from web.page_cache import release_id, version_store
from web.page_versions import SITE

logger = logging.getLogger(__name__)

ZIP_NAME = "geo-evidence-csv.zip"
JSON_NAME = "geo-evidence.json"
# What any change to the dataset bumps (web/page_invalidation.py); `open-data` covers
# stance edits that move no other tag.
TAGS = ("tactic-list", "tactic-dates", "source-list", "open-data")
CACHE_SECONDS = 24 * 3600


@dataclass
class Build:
    generated_at: object
    data_modified: object
    counts: dict[str, int]
    zip_bytes: bytes = b""
    json_bytes: bytes = b""
    digests: dict[str, str] = field(default_factory=dict)

    @property
    def zip_size(self) -> int:
        return len(self.zip_bytes)

    @property
    def json_size(self) -> int:
        return len(self.json_bytes)


def metadata(build: Build, site_url: str) -> dict:
    return {
        "title": f"{settings.SITE_NAME} dataset",
        "publisher": settings.SITE_NAME,
        "url": site_url + reverse("opendata:index"),
        "licence": LICENCE.name,
        "licence_url": LICENCE.url,
        "attribution": LICENCE.attribution(site_url),
        "generated_at": build.generated_at.isoformat(),
        "data_modified": build.data_modified.isoformat() if build.data_modified else None,
        "counts": build.counts,
    }


def build(site_url: str) -> Build:
    """Read every table once per format inside one read-only snapshot, so counts, rows and
    the two files agree even while editors save."""
    alias = router.db_for_read(Stance)
    connection = connections[alias]
    # Only a transaction of our own can be given its isolation level (inside a caller's,
    # the caller's snapshot rules apply).
    own_transaction = not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if own_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        sets = dataset.querysets()
        lookup_maps = dataset.lookups(site_url)
        result = Build(
            generated_at=timezone.now().replace(microsecond=0),
            data_modified=dataset.data_modified(sets),
            counts=dataset.counts(sets),
        )
        result.zip_bytes = _zip(result, sets, lookup_maps, site_url)
        result.json_bytes = _json(result, sets, lookup_maps, site_url)
    result.digests = {
        name: hashlib.sha256(content).hexdigest()
        for name, content in ((ZIP_NAME, result.zip_bytes), (JSON_NAME, result.json_bytes))
    }
    return result


def current(site_url: str) -> Build:
    """The build for the data as it stands: the cached one while none of the tags it
    depends on has moved, else a new one. The versions are read before the build, so a
    build can only ever be newer than the versions it is stored under, never older."""
    try:
        versions = version_store().read([SITE, *TAGS])
    except Exception:
        # As the page cache does: without the versions nothing is kept, but the files are
        # still served, fresh.
        logger.exception("Page-cache versions unavailable; building the dataset uncached")
        return build(site_url)
    fingerprint = repr((sorted(versions.items()), site_url, release_id(), _format_id()))
    key = "opendata:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    return build_once(caches["default"], key, lambda: build(site_url))


# After an edit, the first downloads of the new version tend to arrive together (a
# harvester fetching both files, the page and its readers): each would read every table
# and hold its own ~30 MB copy. One takes a lock in the cache and builds; the others poll
# the cache for its result.
# A lock outlives no live builder: gunicorn kills a request after 30 s, so an older lock
# belongs to a builder that died without releasing it, and expires.
LOCK_SECONDS = 30
# A waiter gives up and builds itself after this, with time left to finish before its own
# 30 s kill (a build takes ~3.5 s at the benchmark's size).
WAIT_SECONDS = 20
POLL_SECONDS = 0.1


def build_once(cache, key: str, make):
    """The value stored under `key`, or `make()`'s, stored there: however many requests
    ask at once, one makes it while the others wait for it (at most WAIT_SECONDS)."""
    stored = cache.get(key)
    if stored is not None:
        return stored
    lock = key + ":building"
    token = uuid.uuid4().hex
    deadline = monotonic() + WAIT_SECONDS
    while not cache.add(lock, token, LOCK_SECONDS):
        if monotonic() >= deadline:
            logger.warning("Waited %s s for another dataset build; building it here", WAIT_SECONDS)
            return _make_and_store(cache, key, make)
        sleep(POLL_SECONDS)
        stored = cache.get(key)
        if stored is not None:
            return stored
    try:
        # The builder we waited for (or one we never saw) may have finished just before
        # the lock was ours.
        stored = cache.get(key)
        if stored is not None:
            return stored
        return _make_and_store(cache, key, make)
    finally:
        # Only our own lock: if ours expired during a long build, another request holds
        # the key now. (Get then delete is not atomic; a lock taken in between only costs
        # one more build, never a wrong file.)
        if cache.get(lock) == token:
            cache.delete(lock)


def _make_and_store(cache, key: str, make):
    value = make()
    cache.set(key, value, CACHE_SECONDS)
    return value


def _format_id() -> str:
    """Changes when the columns do, so a deploy never serves files in the old shape (the
    release id does not read opendata/'s code)."""
    return repr([(table.name, table.column_names) for table in d.TABLES])


def _entry(name: str, when) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _zip(result: Build, sets: dict, lookup_maps: dict, site_url: str) -> bytes:
    buffer = io.BytesIO()
    when = timezone.localtime(result.generated_at)
    with zipfile.ZipFile(buffer, "w") as archive:
        for table in d.TABLES:
            with archive.open(_entry(table.filename, when), "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                writer = csv.writer(text, lineterminator="\r\n")
                writer.writerow(table.column_names)
                converters = dataset.csv_converters(table)
                writer.writerows(
                    [convert(value) for convert, value in zip(converters, row, strict=True)]
                    for row in dataset.rows(table, sets[table.name], lookup_maps)
                )
                text.flush()
                text.detach()
        archive.writestr(_entry("data-dictionary.csv", when), dictionary_csv())
        readme = render_to_string(
            "opendata/dataset_readme.txt",
            {
                "meta": metadata(result, site_url),
                "tables": [(table, result.counts[table.name]) for table in d.TABLES],
                "types": d.TYPES,
            },
        )
        archive.writestr(_entry("README.md", when), readme)
        archive.writestr(_entry("LICENCE.txt", when), licence_text(site_url))
    return buffer.getvalue()


def dictionary_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["table", "column", "type", "meaning", "allowed_values", "when_empty"])
    for table in d.TABLES:
        for column in table.columns:
            writer.writerow(
                [
                    table.name,
                    column.name,
                    column.type,
                    column.meaning,
                    column.allowed_words,
                    column.empty,
                ]
            )
    return buffer.getvalue()


def _json(result: Build, sets: dict, lookup_maps: dict, site_url: str) -> bytes:
    """One JSON object, {"metadata": …, "tables": {name: [row objects]}}, written row by
    row (json.dumps of the whole would hold every row as a dict at once)."""
    buffer = io.BytesIO()

    def write(text):
        buffer.write(text.encode())

    write('{"metadata": ' + _dumps(metadata(result, site_url)) + ', "tables": {')
    for number, table in enumerate(d.TABLES):
        write(("" if number == 0 else ", ") + _dumps(table.name) + ": [")
        names, converters = table.column_names, dataset.json_converters(table)
        for index, row in enumerate(dataset.rows(table, sets[table.name], lookup_maps)):
            values = {
                name: convert(value)
                for name, convert, value in zip(names, converters, row, strict=True)
            }
            write(("\n" if index == 0 else ",\n") + _dumps(values))
        write("]")
    write("}}\n")
    return buffer.getvalue()


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
