from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from profcluster.core import datacache


def _counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_it_computes_once_per_data_version(boards_kept):
    compute, calls = _counting([1, 2])
    first = datacache.cached("board", ("a",), compute)
    second = datacache.cached("board", ("a",), compute)
    assert (first.value, second.value, len(calls)) == ([1, 2], [1, 2], 1)
    assert (first.from_cache, second.from_cache) == (False, True)
    datacache.data_changed()
    assert not datacache.cached("board", ("a",), compute).from_cache and len(calls) == 2


def test_it_keeps_apart_what_differs_and_recomputes_when_fresh(boards_kept):
    compute, calls = _counting("x")
    datacache.cached("board", ("a",), compute)
    datacache.cached("board", ("b",), compute)
    datacache.cached("other", ("a",), compute)
    datacache.cached("board", ("a",), compute, fresh=True)
    assert len(calls) == 4 and datacache.cached("board", ("a",), compute).from_cache


def test_it_starts_a_new_version_when_the_old_one_is_lost(boards_kept):
    compute, calls = _counting("x")
    datacache.cached("board", ("a",), compute)
    cache.delete(datacache.VERSION_KEY)  # evicted by a full Redis, or the cache restarted
    datacache.cached("board", ("a",), compute)
    assert len(calls) == 2


def test_it_keeps_nothing_when_off(settings):
    settings.BOARD_CACHE_SECONDS = 0
    compute, calls = _counting("x")
    result = datacache.cached("board", ("a",), compute)
    datacache.cached("board", ("a",), compute)
    assert len(calls) == 2 and not result.kept


def test_it_keeps_a_board_read_from_a_lagging_replica_briefly(boards_kept, settings, monkeypatch):
    settings.BOARD_CACHE_REPLICA_LAG_SECONDS = 30
    monkeypatch.setattr(datacache.dbrouting, "replica_configured", lambda: True)
    version = datacache.data_version()
    assert datacache._timeout(version) == 600  # not reading from the replica
    with datacache.dbrouting.reading_from_replica():
        assert datacache._timeout(version) == 30  # just written: the replica may not have it yet
        assert datacache._timeout(version - 60 * 10**9) == 600


@pytest.mark.parametrize(
    "method,changed", [("get", False), ("head", False), ("post", True), ("delete", True)]
)
def test_it_renews_the_version_after_requests_that_may_write(boards_kept, method, changed):
    before = datacache.data_version()
    middleware = datacache.DataChangeMiddleware(lambda request: None)
    middleware(getattr(RequestFactory(), method)("/"))
    assert (datacache.data_version() != before) is changed


def test_it_redirects_a_recalculation_to_the_page_without_fresh():
    request = RequestFactory().get("/kpi/federal/", {"period": "3", "fresh": "1"})
    assert datacache.redirect_without_fresh(request).url == "/kpi/federal/?period=3"
    assert datacache.redirect_without_fresh(RequestFactory().get("/x/", {"fresh": "1"})).url == "/x/"


def test_it_names_a_query_by_its_sql_or_as_finding_nothing(db):
    from profcluster.clusters.models import Cluster

    assert datacache.query_key(Cluster.objects.filter(name="А"))[1] == ("А",)
    assert datacache.query_key(Cluster.objects.filter(pk__in=[])) == ("nothing", "clusters.Cluster")


@pytest.fixture
def warmers(boards_kept, settings, monkeypatch):
    """The registered boards replaced by the test's own; the job queued instead of run at once."""
    from profcluster.core import tasks

    settings.BOARD_WARM = True
    registered, queued = [], []
    monkeypatch.setattr(datacache, "_warmers", registered)
    monkeypatch.setattr(tasks, "warm_boards", SimpleNamespace(enqueue=lambda: queued.append(True)))
    return registered, queued


def test_it_queues_one_warming_job_for_a_burst_of_writes(warmers):
    registered, queued = warmers
    registered.append(lambda: None)
    for _ in range(3):
        datacache.data_changed()
    assert len(queued) == 1
    datacache.warm()  # the job done: the next write queues another
    datacache.data_changed()
    assert len(queued) == 2


def test_it_queues_nothing_when_warming_is_off_or_nothing_is_registered(warmers, settings):
    registered, queued = warmers
    datacache.data_changed()  # nothing registered
    registered.append(lambda: None)
    settings.BOARD_WARM = False
    datacache.data_changed()
    assert queued == []


def test_it_warms_again_while_writes_keep_coming_and_survives_a_failing_board(warmers):
    registered, _queued = warmers
    seen = []

    def failing():
        raise RuntimeError("a board that cannot be computed")

    def writing():  # a write arrives while the boards are computed
        seen.append(datacache.data_version())
        if len(seen) < 5:
            datacache.data_changed()

    registered += [failing, writing]
    assert datacache.warm() == datacache.WARMING_ROUNDS  # bounded, although every round saw a write
    assert len(seen) == datacache.WARMING_ROUNDS and cache.get(datacache.WARMING_KEY) is None
