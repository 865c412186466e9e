"""The organisation filters of the staff lists: a select in a region, a search box in the country."""

import pytest
from django.urls import reverse

from profcluster.core import filters as reference
from profcluster.staff.tests.conftest import make_assignment


def names(response):
    return sorted(m.person.surname for m in response.context["object_list"])


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(reference, "SELECT_LIMIT", 0)


def test_it_offers_a_select_of_the_organisations_in_a_small_scope(as_user, official, staff, world):
    page = as_user(official).get(reverse("staff:index")).text
    assert '<select name="organisation" class="form-select" id="id_organisation">' in page
    assert f'<option value="{world.college_a.pk}">Колледж А</option>' in page


def test_a_typed_name_or_inn_lists_the_staff_of_every_organisation_found(
    as_user, official, staff, world, small_limit
):
    client = as_user(official)
    page = client.get(reverse("staff:index"))
    assert '<input type="search" name="organisation" placeholder="Название или ИНН"' in page.text
    # «Колледж» is in the names of both colleges of region A; a college's hosted practitioner is its staff.
    both = names(client.get(reverse("staff:index"), {"organisation": "Колледж"}))
    assert both == ["Зайцева", "Ковалёва", "Кузнецова", "Осипова", "Соколов", "Шишкина"]
    # The whole name of one («Колледж А», not «Колледж А2») finds that one alone.
    one = names(client.get(reverse("staff:index"), {"organisation": "Колледж А"}))
    assert one and "Соколов" not in one and set(one) < set(both)
    assert names(client.get(reverse("staff:index"), {"organisation": world.college_a2.inn})) == ["Соколов"]
    by_key = client.get(reverse("staff:index"), {"organisation": world.college_a2.pk})
    assert names(by_key) == ["Соколов"] and 'value="Колледж А2"' in by_key.text


def test_an_unknown_organisation_is_an_error_and_lists_nobody(
    as_user, official, outsider, staff, small_limit
):
    response = as_user(official).get(reverse("staff:index"), {"organisation": "Нет такой"})
    assert "Организация «Нет такой» не найдена." in response.text
    assert names(response) == []
    # Another region's college is not found by its name either.
    elsewhere = as_user(outsider).get(reverse("staff:index"), {"organisation": "Колледж А"})
    assert "Организация «Колледж А» не найдена." in elsewhere.text
    assert names(elsewhere) == []


def test_a_typed_employer_filters_the_teaching(as_user, official, staff, world, small_limit):
    make_assignment(staff.practitioner, world.cluster_a)
    client = as_user(official)
    url = reverse("staff:teachingassignment_list")
    assert len(client.get(url, {"employer": "Работодатель"}).context["object_list"]) == 1
    assert len(client.get(url, {"employer": world.employer_a.pk}).context["object_list"]) == 1
    missing = client.get(url, {"employer": "Колледж А"})  # a college is no employer
    assert "Работодатель «Колледж А» не найден." in missing.text
    assert list(missing.context["object_list"]) == []


@pytest.fixture
def two_clusters_limit(monkeypatch):
    # Three clusters, two in region A: the federal scope is over the limit, a region's is not.
    monkeypatch.setattr(reference, "SELECT_LIMIT", 2)


def test_it_offers_the_country_a_cluster_search_box_and_a_region_a_select(
    as_user, federal, official, staff, world, two_clusters_limit
):
    page = as_user(federal).get(reverse("staff:index")).text
    assert '<input type="search" name="cluster" placeholder="Название кластера" class="form-control"' in page
    regional = as_user(official).get(reverse("staff:teachingassignment_list")).text
    assert '<select name="cluster" class="form-select" id="id_cluster">' in regional
    assert f'<option value="{world.cluster_a2.pk}">Кластер А2</option>' in regional


def test_a_key_or_a_typed_cluster_name_lists_its_staff_once(
    as_user, federal, staff, world, two_clusters_limit
):
    client = as_user(federal)
    assert names(client.get(reverse("staff:index"), {"cluster": world.cluster_a2.pk})) == ["Соколов"]
    assert names(client.get(reverse("staff:index"), {"cluster": "Кластер А2"})) == ["Соколов"]
    # A member of both clusters a typed part of a name finds is listed once.
    staff.teacher.clusters.add(world.cluster_a2)
    both = client.get(reverse("staff:index"), {"cluster": "Кластер А"})
    assert names(both) == ["Зайцева", "Ковалёва", "Кузнецова", "Осипова", "Соколов", "Шишкина"]
    make_assignment(staff.practitioner, world.cluster_a)
    url = reverse("staff:teachingassignment_list")
    assert len(client.get(url, {"cluster": "Кластер А1"}).context["object_list"]) == 1
    assert len(client.get(url, {"cluster": world.cluster_a2.pk}).context["object_list"]) == 0


def test_an_unknown_or_foreign_cluster_is_an_error_and_lists_nobody(
    as_user, federal, outsider, staff, two_clusters_limit
):
    response = as_user(federal).get(reverse("staff:index"), {"cluster": "Нет такого"})
    assert "Кластер «Нет такого» не найден." in response.text
    assert names(response) == []
    elsewhere = as_user(outsider).get(reverse("staff:index"), {"cluster": "Кластер А1"})
    assert "Кластер «Кластер А1» не найден." in elsewhere.text
    assert names(elsewhere) == []
