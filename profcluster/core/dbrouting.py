"""Reads of dashboards and exports go to a PostgreSQL read replica, when one is configured.

Django routes queries by model, not by page, so the page decides through a context variable: the middleware
prefers the replica for the GET requests named in `DATABASE_REPLICA_URL_NAMES` and for `?export=`, and
background reports wrap their reading part in `reading_from_replica()`. Everything else, and every write,
stays on the primary, so that a user always sees what it has just saved (the replica lags by a few seconds).
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"

_prefer_replica = contextvars.ContextVar("prefer_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def prefers_replica() -> bool:
    """Whether reads of this request or job go to the replica (when there is one)."""
    return _prefer_replica.get()


@contextlib.contextmanager
def reading_from_replica():
    """Reads inside go to the replica; only for code that does not write what it then reads."""
    token = _prefer_replica.set(True)
    try:
        yield
    finally:
        _prefer_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _prefer_replica.get() and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same database, so objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema through replication, never through `migrate`.
        return db == "default"


class ReplicaMiddleware:
    """Prefers the replica for read-only requests to the heavy pages; must come after authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _prefer_replica.set(False)
        try:
            response = self.get_response(request)
        finally:
            _prefer_replica.reset(token)
        if response.streaming and not response.is_async and getattr(request, "_reads_from_replica", False):
            # A streamed body is produced after this method returns: keep its reads on the replica too.
            response.streaming_content = _on_replica(response.streaming_content)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return
        match = request.resolver_match
        if match.view_name in settings.DATABASE_REPLICA_URL_NAMES or "export" in request.GET:
            # The session and the user come from the primary: a session created a moment ago by signing in
            # may not have reached the replica yet.
            request.user.is_authenticated  # noqa: B018
            request._reads_from_replica = True
            _prefer_replica.set(True)


def _on_replica(content):
    with reading_from_replica():
        yield from content
