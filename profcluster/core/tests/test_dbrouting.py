import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profcluster.clusters.models import Cluster
from profcluster.core.dbrouting import REPLICA, ReplicaRouter, _on_replica, reading_from_replica

BOTH = ["default", REPLICA]
# The replica sees only committed rows, as a real one would: pages that read from it need committed data.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """What DATABASE_REPLICA_URL configures: a second connection to the test database (TEST MIRROR).

    Connections read DATABASES once, so overriding the setting would not create one; and the alias must
    exist before a test's `databases` are checked, hence a module fixture.
    """
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_it_reads_from_the_replica_only_inside_reading_from_replica():
    router = ReplicaRouter()
    assert router.db_for_read(Cluster) == "default"
    with reading_from_replica():
        assert router.db_for_read(Cluster) == REPLICA
        assert router.db_for_write(Cluster) == "default"
    assert router.db_for_read(Cluster) == "default"


def test_it_migrates_only_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "clusters")
    assert not router.allow_migrate(REPLICA, "clusters")


def test_it_keeps_a_streamed_body_on_the_replica():
    def body():
        yield ReplicaRouter().db_for_read(Cluster).encode()

    assert list(_on_replica(body())) == [REPLICA.encode()]


@committed
@pytest.mark.parametrize("url", [reverse("finance:index"), reverse("clusters:cluster_list") + "?export=csv"])
def test_it_reads_dashboards_and_exports_from_the_replica(as_user, federal, url):
    client = as_user(federal)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert len(replica) > 0
    # The session and user come from the primary: a fresh sign-in may not have been replicated yet.
    assert any("django_session" in query["sql"] for query in primary)


@pytest.mark.parametrize(
    ("method", "name"), [("post", "finance:index"), ("get", "clusters:cluster_list"), ("get", "kpi:index")]
)
def test_it_keeps_posts_and_ordinary_pages_on_the_primary(as_user, federal, method, name):
    # The replica is left out of this test's databases: a query sent to it fails the test.
    response = getattr(as_user(federal), method)(reverse(name))
    assert response.status_code in (200, 405)


def test_it_reads_everything_from_the_primary_without_a_replica(as_user, federal, monkeypatch):
    # Restored inside the test: the database fixture's teardown must find the alias it set up with.
    with monkeypatch.context() as patch:
        patch.delitem(connections.settings, REPLICA)
        assert as_user(federal).get(reverse("finance:index")).status_code == 200
        with reading_from_replica():
            assert ReplicaRouter().db_for_read(Cluster) == "default"
