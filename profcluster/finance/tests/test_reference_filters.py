"""The cluster filter of the ledgers: a select in a region, a search box in the country (core.filters)."""

import pytest
from django.urls import reverse

from profcluster.core import filters as reference
from profcluster.finance.tests.conftest import M, commitment, payment


@pytest.fixture
def two_clusters_limit(monkeypatch):
    # Three clusters, two in region A: the federal scope is over the limit, a region's is not.
    monkeypatch.setattr(reference, "SELECT_LIMIT", 2)


@pytest.fixture
def ledger(money, categories):
    payment(money, categories, amount=M, justification="Аванс")
    commitment(money, categories, amount=5 * M)
    return money


def documents(response):
    return [entry.document for entry in response.context["object_list"]]


def test_it_offers_the_country_a_search_box_and_a_region_a_select(
    as_user, federal, official, ledger, two_clusters_limit
):
    page = as_user(federal).get(reverse("finance:payment_list")).text
    assert '<input type="search" name="cluster" placeholder="Название кластера" class="form-control"' in page
    regional = as_user(official).get(reverse("finance:commitment_list")).text
    assert '<select name="cluster" class="form-select" id="id_cluster">' in regional
    assert f'<option value="{ledger.cluster_a.pk}">Кластер А1</option>' in regional


def test_a_key_or_a_typed_name_filters_the_payments(as_user, federal, ledger, two_clusters_limit):
    client = as_user(federal)
    url = reverse("finance:payment_list")
    by_key = client.get(url, {"cluster": ledger.cluster_a.pk})
    assert documents(by_key) == ["ПП-1"] and 'name="cluster" value="Кластер А1"' in by_key.text
    assert documents(client.get(url, {"cluster": ledger.cluster_a2.pk})) == []
    assert documents(client.get(url, {"cluster": "Кластер А1"})) == ["ПП-1"]
    commitments = client.get(reverse("finance:commitment_list"), {"cluster": "Кластер А"})
    assert [c.number for c in commitments.context["object_list"]] == ["Д-1"]


def test_an_unknown_cluster_is_an_error_and_lists_nothing(as_user, federal, ledger, two_clusters_limit):
    response = as_user(federal).get(reverse("finance:payment_list"), {"cluster": "Нет такого"})
    assert "Кластер «Нет такого» не найден." in response.text
    assert documents(response) == []


def test_an_outsider_finds_no_cluster_of_another_region(as_user, outsider, ledger):
    client = as_user(outsider)
    response = client.get(reverse("finance:payment_list"), {"cluster": "Кластер А1"})
    assert "Кластер «Кластер А1» не найден." in response.text
    assert documents(response) == []
    assert (
        "«Кластер Б» не найден"
        not in client.get(reverse("finance:payment_list"), {"cluster": "Кластер Б"}).text
    )
