"""The group, employer and programme filters of the lists: a select in a region, a search box nationally."""

import pytest
from django.urls import reverse

from profcluster.core import filters as reference
from profcluster.education.models import Group
from profcluster.education.tests.conftest import student


def url(name):
    return reverse(f"education:{name}")


def surnames(response):
    return sorted(s.surname for s in response.context["object_list"])


@pytest.fixture
def small_limit(monkeypatch):
    # Every list's search box, whatever its scope holds (a region has a single employer here).
    monkeypatch.setattr(reference, "SELECT_LIMIT", 0)


@pytest.fixture
def namesake(edu):
    """A group «КМ-22» of the other college of region A, as two colleges may both have one."""
    group = Group.objects.create(
        programme=edu.other_group.programme, name="КМ-22", intake_year=2022, planned_intake=1
    )
    student(group, "Яковлев", "Яков")
    return group


def test_it_offers_a_select_of_the_groups_in_a_small_scope(as_user, official, edu):
    page = as_user(official).get(url("student_list")).text
    assert '<select name="group" class="form-select" id="id_group">' in page
    assert f'<option value="{edu.g22.pk}">КМ-22 (2022)</option>' in page


def test_it_offers_a_search_box_in_a_large_scope(as_user, official, edu, small_limit):
    client = as_user(official)
    page = client.get(url("student_list")).text
    assert '<input type="search" name="group" placeholder="Название группы" class="form-control"' in page
    assert '<select name="group"' not in page
    assert 'placeholder="Название или ИНН"' in client.get(url("placement_list")).text
    assert (
        '<input type="search" name="programme" placeholder="Код или название"'
        in client.get(url("group_list")).text
    )


def test_a_typed_group_name_lists_the_students_of_every_such_group(
    as_user, official, edu, namesake, small_limit
):
    response = as_user(official).get(url("student_list"), {"group": "КМ-22"})
    assert surnames(response) == ["Андреева", "Борисов", "Васильев", "Яковлев"]
    assert 'name="group" value="КМ-22"' in response.text


def test_a_link_with_the_key_lists_that_group_only(as_user, official, edu, namesake, small_limit):
    response = as_user(official).get(url("student_list"), {"group": edu.g22.pk})
    assert surnames(response) == ["Андреева", "Борисов", "Васильев"]
    # The search box shows the group by its name.
    assert 'name="group" value="КМ-22"' in response.text
    placements = as_user(official).get(url("placement_list"), {"group": edu.g26.pk})
    assert {p.group for p in placements.context["object_list"]} == {edu.g26}


def test_an_unknown_name_is_an_error_and_lists_nothing(as_user, official, edu, small_limit):
    response = as_user(official).get(url("student_list"), {"group": "ЯЯ-99"})
    assert "Группа «ЯЯ-99» не найдена." in response.text
    assert surnames(response) == []
    assert "Андреева" not in response.text
    # Below the limit too: a typed value that is no option stays visible, with its error.
    edu_page = as_user(official).get(url("placement_list"), {"employer": "Нет такого"})
    assert "Работодатель «Нет такого» не найден." in edu_page.text
    assert list(edu_page.context["object_list"]) == []


def test_an_outsider_finds_no_group_of_another_region(as_user, outsider, edu, small_limit):
    response = as_user(outsider).get(url("student_list"), {"group": "КМ-22"})
    assert "Группа «КМ-22» не найдена." in response.text
    assert surnames(response) == []
    by_key = as_user(outsider).get(url("student_list"), {"group": edu.g22.pk})
    assert surnames(by_key) == []


def test_a_typed_employer_filters_placements_and_employment(as_user, official, edu, world, small_limit):
    client = as_user(official)
    by_name = client.get(url("placement_list"), {"employer": "Работодатель"})
    assert len(by_name.context["object_list"]) == 3
    by_inn = client.get(url("employment_list"), {"employer": world.employer_a.inn})
    assert [r.student.surname for r in by_inn.context["object_list"]] == ["Андреева"]
    # Colleges are no employers here, as in the select before: Борисов's college is not found.
    assert "не найден" in client.get(url("employment_list"), {"employer": world.college_a2.inn}).text
    by_key = client.get(url("employment_list"), {"employer": world.employer_a.pk})
    assert [r.student.surname for r in by_key.context["object_list"]] == ["Андреева"]
    assert 'name="employer" value="Работодатель А"' in by_key.text


def test_a_typed_programme_code_filters_by_every_programme_it_names(as_user, official, edu, small_limit):
    client = as_user(official)
    groups = client.get(url("group_list"), {"programme": "29.02"})
    assert sorted(g.name for g in groups.context["object_list"]) == ["КМ-22", "КМ-26"]
    # A qualification is not what a programme is looked up by.
    qualification = client.get(url("group_list"), {"programme": "Техник"})
    assert "Программа «Техник» не найдена." in qualification.text
    exams = client.get(url("demoexam_list"), {"programme": edu.programme.pk})
    assert len(exams.context["object_list"]) == 2
    students = client.get(url("student_list"), {"programme": "15.02"})
    assert surnames(students) == ["Жуков"]


def test_the_search_box_costs_no_more_queries_than_the_select(
    as_user, official, edu, monkeypatch, django_assert_max_num_queries
):
    client = as_user(official)
    pages = ["student_list", "placement_list", "employment_list", "group_list", "demoexam_list"]
    counts = {}
    for name in pages:
        with django_assert_max_num_queries(20) as few:
            client.get(url(name), {"group": edu.g22.pk} if name == "student_list" else {})
        counts[name] = len(few.captured_queries)
    monkeypatch.setattr(reference, "SELECT_LIMIT", 0)
    for name in pages:
        with django_assert_max_num_queries(counts[name]):
            client.get(url(name), {"group": edu.g22.pk} if name == "student_list" else {})


def test_the_api_filters_by_the_key_as_before(as_user, official, edu, namesake):
    response = as_user(official).get("/api/education/students/", {"group": edu.g22.pk})
    assert sorted(s["surname"] for s in response.json()["results"]) == ["Андреева", "Борисов", "Васильев"]
    employer = edu.group_placement.employer_id
    placements = as_user(official).get("/api/education/placements/", {"employer": employer})
    assert len(placements.json()["results"]) == 3


# The cluster filter: three clusters in the world, two of them in region A. With a limit of two, the federal
# user's scope is over it and a region's is not, as the country's 600 clusters are over 300 and a region's
# few are not.
@pytest.fixture
def two_clusters_limit(monkeypatch):
    monkeypatch.setattr(reference, "SELECT_LIMIT", 2)


def test_it_offers_the_country_a_cluster_search_box_and_a_region_a_select(
    as_user, federal, official, edu, two_clusters_limit
):
    page = as_user(federal).get(url("student_list")).text
    assert '<input type="search" name="cluster" placeholder="Название кластера" class="form-control"' in page
    assert '<select name="cluster"' not in page
    regional = as_user(official).get(url("student_list")).text
    assert '<select name="cluster" class="form-select" id="id_cluster">' in regional
    assert f'<option value="{edu.other_group.programme.cluster_id}">Кластер А2</option>' in regional


def test_a_cluster_link_with_the_key_still_filters(as_user, federal, world, edu, two_clusters_limit):
    client = as_user(federal)
    response = client.get(url("student_list"), {"cluster": world.cluster_a2.pk})
    assert surnames(response) == ["Жуков"]
    assert 'name="cluster" value="Кластер А2"' in response.text
    programmes = client.get(url("programme_list"), {"cluster": world.cluster_a2.pk})
    assert [p.code for p in programmes.context["object_list"]] == ["15.02.16"]


def test_a_typed_cluster_name_filters_every_list(as_user, federal, edu, two_clusters_limit):
    client = as_user(federal)
    assert surnames(client.get(url("student_list"), {"cluster": "Кластер А2"})) == ["Жуков"]
    groups = client.get(url("group_list"), {"cluster": "Кластер А1"})
    assert sorted(g.name for g in groups.context["object_list"]) == ["КМ-22", "КМ-26"]
    # A part of a name finds every cluster it is in: here both of region A.
    programmes = client.get(url("programme_list"), {"cluster": "Кластер А"})
    assert sorted(p.code for p in programmes.context["object_list"]) == ["15.02.16", "29.02.10"]
    exams = client.get(url("demoexam_list"), {"cluster": "Кластер Б"})
    assert list(exams.context["object_list"]) == []
    assert "«Кластер Б» не найден" not in exams.text


def test_an_unknown_cluster_is_an_error_and_lists_nothing(
    as_user, federal, official, edu, two_clusters_limit
):
    response = as_user(federal).get(url("student_list"), {"cluster": "Нет такого"})
    assert "Кластер «Нет такого» не найден." in response.text
    assert surnames(response) == []
    # A region's select too: a typed value that is no option stays visible with its error.
    regional = as_user(official).get(url("placement_list"), {"cluster": "Нет такого"})
    assert "Кластер «Нет такого» не найден." in regional.text
    assert list(regional.context["object_list"]) == []


def test_an_outsider_finds_no_cluster_of_another_region(as_user, outsider, world, edu):
    response = as_user(outsider).get(url("student_list"), {"cluster": "Кластер А1"})
    assert "Кластер «Кластер А1» не найден." in response.text
    assert surnames(response) == []
    by_key = as_user(outsider).get(url("programme_list"), {"cluster": world.cluster_a.pk})
    assert list(by_key.context["object_list"]) == []
