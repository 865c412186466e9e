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
    # «Колледж А» is in the names of both colleges of region A; a college's hosted practitioner is its staff.
    assert names(client.get(reverse("staff:index"), {"organisation": "Колледж А"})) == [
        "Зайцева", "Ковалёва", "Кузнецова", "Осипова", "Соколов", "Шишкина"
    ]  # fmt: skip
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
