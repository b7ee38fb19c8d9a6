"""The records' data stamp: derived facts (the dashboard, the candidate list's findings) kept
under the token they were computed at, never read after the records changed.

Every statement that writes to a table of the app's records — through a service, a queryset's
`update()`, a bulk import, a management command, a migration, a test — changes the token of
`DataStamp` in the same transaction (a database execute wrapper installed on every
connection), so a cached fact keyed by the token it was computed under is right for as long as
that token is current, and an undone transaction undoes the change of token with the write.
Tables that record who looked at what (the access log), sessions and lockouts are no records:
writing them leaves the token. The date is part of every key: date-driven findings change at
midnight without a write.

A fact is kept in the process's own memory (a few entries) and in the cache the server's worker
processes share (`CACHES["derived"]`, files on the server's disk): one worker computes it once
per state of the records and day, the others read it.
"""

import hashlib
import re
import threading
import uuid
from collections import OrderedDict

from django.core.cache import caches
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

RECORDS = ("accounts_", "candidates_", "plans_", "reports_")
TABLE = "accounts_datastamp"
NOT_RECORDS = (TABLE, "accounts_accesslog")
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
SIZE = 8
SHARED = "derived"  # the cache of settings.CACHES the worker processes share
_MISSING = object()

_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def writes_records(sql: str) -> bool:
    found = WRITE.match(sql)
    if not found:
        return False
    table = found.group(1).lower()
    return table.startswith(RECORDS) and table not in NOT_RECORDS


def _ready(connection) -> bool:
    """Whether the stamp's table exists on this connection (not before its migration has run:
    a migration that writes records earlier in the same run leaves the token alone)."""
    ready = getattr(connection, "stamp_ready", None)
    if ready is None:
        ready = connection.stamp_ready = TABLE in connection.introspection.table_names()
    return ready


def _migrated(**kwargs):
    """After `migrate`, look for the table again on the connections open (the test database is
    created by the connection that then runs the tests)."""
    for connection in connections.all(initialized_only=True):
        connection.stamp_ready = None


def _stamp_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if writes_records(sql) and _ready(context["connection"]):
        # A cursor of its own: the statement's cursor may still hold rows (RETURNING).
        with context["connection"].cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET token = %s", [uuid.uuid4().hex])  # noqa: S608
    return result


def install(connection, **kwargs):
    if _stamp_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_stamp_writes)


def connect():
    """Install the wrapper on every database connection (AccountsConfig.ready)."""
    connection_created.connect(install, dispatch_uid="accounts.stamp.install")
    post_migrate.connect(_migrated, dispatch_uid="accounts.stamp.migrated")


def token() -> str:
    """The records' current token (a new one if the row is gone: an emptied database)."""
    from .models import DataStamp

    return DataStamp.objects.get_or_create(pk=1, defaults={"token": uuid.uuid4().hex})[0].token


def cached(key: tuple, compute):
    """`compute()`, kept under `key` and the records' current token; computed again once the
    records change. `key` holds ids, names and dates (its repr names it across processes)."""
    full = (token(), *key)
    with _lock:
        if full in _cache:
            _cache.move_to_end(full)
            return _cache[full]
    name = hashlib.sha256(repr(full).encode()).hexdigest()
    value = caches[SHARED].get(name, _MISSING)
    if value is _MISSING:
        value = compute()
        caches[SHARED].set(name, value)
    with _lock:
        _cache[full] = value
        while len(_cache) > SIZE:
            _cache.popitem(last=False)
    return value


def forget(shared=True):
    """Empty this process's cache, and the shared one unless told (tests that compare a cached
    fact with a fresh one, or play another worker process)."""
    with _lock:
        _cache.clear()
    if shared:
        caches[SHARED].clear()
