"""The education registers over the API: scope, Russian validation, the placement service and masking."""

import datetime

from profcluster.education.models import Group, Placement, Student
from profcluster.education.tests.conftest import student

STUDENTS = "/api/education/students/"


def new_student(group, **extra):
    return {
        "surname": "Зуева",
        "name": "Зоя",
        "birth_date": "2008-04-01",
        "group": group.pk,
        "enrolled_on": "2026-09-01",
        "status_since": "2026-09-01",
        **extra,
    }


def test_it_shows_an_outsider_nothing(as_user, outsider, edu):
    client = as_user(outsider)
    assert client.get(STUDENTS).json()["count"] == 0
    assert client.get(f"{STUDENTS}{edu.students['a'].pk}/").status_code == 404
    assert client.get("/api/education/placements/").json()["count"] == 0


def test_it_lists_an_employer_only_its_students(as_user, employer, edu):
    names = [s["surname"] for s in as_user(employer).get(STUDENTS).json()["results"]]
    # Whole-group placements of КМ-22 and КМ-26 at the employer; Жуков of college A2 is not its student.
    assert names == ["Андреева", "Борисов", "Васильев", "Григорьева", "Дмитриев", "Егорова"]


def test_it_names_the_field_of_invalid_data_in_russian(as_user, college, edu):
    data = new_student(edu.g26, birth_date="2020-01-01")
    response = as_user(college).post(STUDENTS, data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["birth_date"] == ["При зачислении обучающемуся не меньше 13 лет."]
    assert not Student.objects.filter(surname="Зуева").exists()


def test_it_enrols_a_student_of_the_college(as_user, college, edu):
    response = as_user(college).post(STUDENTS, new_student(edu.g26), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Student.objects.get(surname="Зуева").group == edu.g26


def test_it_refuses_a_group_of_another_college(as_user, college, employer, edu):
    response = as_user(college).post(STUDENTS, new_student(edu.other_group), content_type="application/json")
    assert response.status_code == 400 and "group" in response.json()["errors"]
    url = f"{STUDENTS}{edu.students['d'].pk}/"
    assert as_user(employer).patch(url, {"name": "Г"}, content_type="application/json").status_code == 404
    assert not Student.objects.filter(surname="Зуева").exists()


def test_it_asks_the_employer_again_when_a_confirmed_placement_changes(as_user, official, edu):
    url = f"/api/education/placements/{edu.group_placement.pk}/"
    response = as_user(official).patch(url, {"hours": 60}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["confirmation"] == "pending"
    assert Placement.objects.get(pk=edu.group_placement.pk).hours == 60


def test_it_masks_personal_data_unless_the_caller_manages_the_college(as_user, employer, official, edu):
    url = f"{STUDENTS}{edu.students['a'].pk}/"
    masked = as_user(employer).get(url).json()
    assert (masked["birth_date"], masked["snils"]) == ("•••", "•••-•••-••• 95")
    clear = as_user(official).get(url).json()
    assert (clear["birth_date"], clear["snils"]) == ("2007-03-01", "11223344595")


def test_it_keeps_the_list_query_count_flat(as_user, employer, edu, django_assert_max_num_queries):
    client = as_user(employer)
    with django_assert_max_num_queries(12) as few:
        client.get(STUDENTS)
    group = Group.objects.create(programme=edu.programme, name="КМ-26б", intake_year=2026, planned_intake=9)
    Placement.objects.create(
        group=group,
        employer=edu.group_placement.employer,
        kind="educational",
        date_from=datetime.date(2026, 10, 5),
        date_to=datetime.date(2026, 10, 9),
        hours=36,
    )
    for index in range(9):
        student(group, f"Новиков{index}", "Ян")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(STUDENTS)
    assert response.json()["count"] == 15
