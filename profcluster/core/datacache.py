"""Dashboards over many clusters, kept in the shared cache until the data change.

The federal KPI dashboard and the finance roll-up read every cluster's figures (2.8 s and 1.6 s at national
scale) and were 90 % of the server time of the load test, yet they change only when someone saves something.
So their computed data (never the HTML, which carries the user's name and CSRF token) are cached under:

- the *data version*: a timestamp in the cache, renewed after every request that may write (any method but
  GET/HEAD/OPTIONS, by `DataChangeMiddleware`), every background job and every command that loads data. A
  save therefore makes every cached board old at once, in every worker: no board shows data older than the
  last write the server saw. Writes made outside the application (psql, a restored backup) wait for the
  timeout, or for «Recalculate» (`?fresh=1`), which computes anew and replaces the cached copy;
- what the board is of: the compiled SQL of its queryset (so the user's scope, the filters and the sort are
  part of it), the period, the year, the language and the day (statuses depend on the share of the period
  elapsed), given by the caller.

The version must be seen by every worker, so the cache must be shared (Redis, `REDIS_URL`): with Django's
per-process memory cache one worker could not tell another that the data changed, and the settings turn the
board cache off (`BOARD_CACHE_SECONDS = 0`) unless it is shared.

After a write the federal boards, which take seconds and which every federal user opens, are computed again
in the background (`BOARD_WARM`): their apps register a `warmer`, and `data_changed()` queues one job
(`core.tasks.warm_boards`) unless one is queued already. The first federal user after a write then finds the
board ready instead of waiting for it.
"""

import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.http import HttpResponseRedirect
from django.utils import timezone, translation

from profcluster.core import dbrouting

VERSION_KEY = "profcluster:data-version"
# Set while a warming job is queued or running, so that a burst of writes queues one; the job clears it when
# done. Its timeout only frees the way if a worker died with the job.
WARMING_KEY = "profcluster:warming"
WARMING_TIMEOUT = 600
# A job computes the boards again while writes keep coming, at most this many times.
WARMING_ROUNDS = 3
logger = logging.getLogger(__name__)
# Bump when what a board caches changes shape, so that a shared cache serves nothing an older release stored.
FORMAT_VERSION = 1
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def enabled() -> bool:
    return settings.BOARD_CACHE_SECONDS > 0


def data_version() -> int:
    """The time (ns) of the last write seen; a missing version (evicted, new cache) starts a new one, so
    that an entry stored under an old version can never be served again."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def data_changed() -> None:
    """Every cached board is old from now on. Cheap (a cache write or two): call it after anything that
    writes."""
    if enabled():
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        if settings.BOARD_WARM and _warmers and cache.add(WARMING_KEY, True, timeout=WARMING_TIMEOUT):
            from profcluster.core.tasks import warm_boards  # the task module imports this one

            warm_boards.enqueue()


# The boards computed again after a write, registered by their apps: functions of no argument.
_warmers: list[Callable[[], None]] = []


def warmer(function: Callable[[], None]) -> Callable[[], None]:
    """Registers a board to compute again after each write (a decorator)."""
    _warmers.append(function)
    return function


def warm() -> int:
    """Computes the registered boards for the current data version, again if it changed meanwhile; the work of
    `core.tasks.warm_boards`. Returns how many rounds it took."""
    rounds = 0
    try:
        while rounds < WARMING_ROUNDS:
            rounds += 1
            version = data_version()
            with translation.override(settings.LANGUAGE_CODE):  # the language most users see the boards in
                for function in _warmers:
                    try:
                        function()
                    except Exception:  # one board's failure leaves the others warm; it is computed on request
                        logger.exception("Warming the board of %s failed", function.__qualname__)
            if data_version() == version:
                break
    finally:
        cache.delete(WARMING_KEY)
    return rounds


def scope_key(user, action: str = "view"):
    """What the user may see, without who it is: users of the same scope share the cached boards."""
    return replace(user.scope(action), user_id=None)


def query_key(queryset) -> tuple:
    """A queryset as the SQL it runs: the scope, the filters and the order are all in it."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. a scope of nothing: the query would find no row, whatever the data
        return ("nothing", queryset.model._meta.label)
    return sql, tuple(params)


@dataclass
class Cached:
    value: object
    computed_at: datetime
    from_cache: bool
    kept: bool = True  # whether boards are cached at all, so that pages say how fresh their figures are


def cached(name: str, parts, compute, *, fresh: bool = False) -> Cached:
    """`compute()` or its value cached under `name` and `parts` (anything with a stable repr) for the current
    data version; `fresh` computes anew and replaces the cached value."""
    if not enabled():
        return Cached(compute(), timezone.now(), from_cache=False, kept=False)
    version = data_version()
    digest = hashlib.sha256(repr((FORMAT_VERSION, translation.get_language(), parts)).encode()).hexdigest()
    key = f"profcluster:board:{name}:{version}:{digest}"
    if not fresh:
        stored = _recent.get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None:
                _remember(key, stored)
        if stored is not None:
            value, computed_at = stored
            return Cached(value, computed_at, from_cache=True)
    value, computed_at = compute(), timezone.now()
    timeout = _timeout(version)
    cache.set(key, (value, computed_at), timeout=timeout)
    if timeout == settings.BOARD_CACHE_SECONDS:
        _remember(key, (value, computed_at))
    return Cached(value, computed_at, from_cache=False)


# The boards last unpickled in this process. Unpickling the country's board (600 clusters, 12 000 figures,
# 1.1 MB) took 0.3 s of a 0.6 s cached request at national scale; the key holds the data version, so a board
# remembered here is exactly the one in the shared cache. Bounded: the country's board is ≈ 7 MiB of objects.
# Callers must not change what they get (sorting makes a new list).
_RECENT_SIZE = 8
_recent: OrderedDict[str, tuple] = OrderedDict()


def _remember(key: str, stored: tuple) -> None:
    _recent[key] = stored
    _recent.move_to_end(key)
    while len(_recent) > _RECENT_SIZE:
        _recent.popitem(last=False)


def redirect_without_fresh(request) -> HttpResponseRedirect:
    """After «Recalculate» (`?fresh=1`), back to the page itself: its links must not recalculate again."""
    query = request.GET.copy()
    query.pop("fresh", None)
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)


def _timeout(version: int) -> int:
    timeout = settings.BOARD_CACHE_SECONDS
    if dbrouting.replica_configured() and dbrouting.prefers_replica():
        # The replica lags behind the primary: a board read from it just after a write may miss that write,
        # and must not be kept for long under the new version.
        lag = settings.BOARD_CACHE_REPLICA_LAG_SECONDS
        if time.time_ns() - version < lag * 1_000_000_000:
            timeout = min(timeout, lag)
    return timeout


class DataChangeMiddleware:
    """Renews the data version after each request that may have written (forms, API, admin, sign-in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in _SAFE_METHODS:
            data_changed()
        return response
