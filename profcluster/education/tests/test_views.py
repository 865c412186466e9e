import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profcluster.education.models import Placement, Student
from profcluster.education.tests.conftest import student


def url(name, *args):
    return reverse(f"education:{name}", args=args)


def test_it_lets_the_employer_confirm_a_placement(as_user, employer, edu):
    response = as_user(employer).post(url("placement_confirm", edu.own_placement.pk), {"decision": "confirm"})
    assert response.status_code == 302
    edu.own_placement.refresh_from_db()
    assert edu.own_placement.confirmation == "confirmed"
    record = edu.own_placement.history.first()
    assert (record.history_user, record.history_change_reason) == (employer, "Подтверждено работодателем")


def test_it_requires_a_comment_to_dispute_and_flags_the_dispute_for_both_sides(
    as_user, employer, college, edu
):
    client = as_user(employer)
    client.post(url("placement_confirm", edu.own_placement.pk), {"decision": "dispute", "comment": ""})
    assert Placement.objects.get(pk=edu.own_placement.pk).confirmation == "pending"
    client.post(
        url("placement_confirm", edu.own_placement.pk), {"decision": "dispute", "comment": "Не приходил"}
    )
    assert Placement.objects.get(pk=edu.own_placement.pk).confirmation_comment == "Не приходил"
    assert "Не приходил" in client.get(url("employer", edu.own_placement.employer_id)).text
    page = as_user(college).get(url("group_detail", edu.g26.pk))
    assert "Не приходил" in page.text and "table-danger" in page.text


def test_it_lets_only_the_employer_confirm(as_user, college, manager, edu):
    for user in (college, manager):
        response = as_user(user).post(url("placement_confirm", edu.own_placement.pk), {"decision": "confirm"})
        assert response.status_code == 404
    assert Placement.objects.get(pk=edu.own_placement.pk).confirmation == "pending"


def test_it_asks_the_employer_again_after_the_college_changes_a_placement(as_user, college, edu, world):
    data = {
        "student": "",
        "employer": world.employer_a.pk,
        "kind": "educational",
        "date_from": "2026-10-05",
        "date_to": "2026-10-16",
        "hours": 80,
        "mentor": edu.mentor.pk,
        "change_reason": "Уточнены часы",
    }
    response = as_user(college).post(url("placement_edit", edu.group_placement.pk), data)
    assert response.status_code == 302
    edu.group_placement.refresh_from_db()
    assert (edu.group_placement.hours, edu.group_placement.confirmation) == (80, "pending")


def test_it_shows_personal_data_to_those_who_manage_the_college(as_user, college, manager, edu):
    for user in (college, manager):
        response = as_user(user).get(url("student_detail", edu.students["a"].pk))
        assert response.context["show_personal_data"]
        assert "112-233-445 95" in response.text and "01.03.2007" in response.text


def test_it_masks_personal_data_for_the_employer_and_the_auditor(as_user, employer, auditor, edu):
    for user in (employer, auditor):
        response = as_user(user).get(url("student_detail", edu.students["a"].pk))
        assert response.status_code == 200 and "Андреева" in response.text
        assert "112-233-445 95" not in response.text and "01.03.2007" not in response.text
        assert "•••-•••-••• 95" in response.text


def test_it_hides_students_who_are_not_the_employers(as_user, employer, outsider, edu):
    assert as_user(employer).get(url("student_detail", edu.students["x"].pk)).status_code == 404
    assert as_user(outsider).get(url("student_detail", edu.students["a"].pk)).status_code == 404
    assert as_user(outsider).get(url("group_detail", edu.g22.pk)).status_code == 404
    assert as_user(outsider).get(url("student_list")).context["paginator"].count == 0


def test_it_lists_students_in_scope_only(as_user, employer, official, college, edu):
    names = {
        user.username: {s.surname for s in as_user(user).get(url("student_list")).context["object_list"]}
        for user in (employer, official, college)
    }
    assert names["official"] == {s.surname for s in edu.students.values()}
    assert names["college"] == names["employer"] == names["official"] - {"Жуков"}


def test_it_shows_the_employer_its_students_placements_and_hires(as_user, employer, edu, world):
    response = as_user(employer).get(url("employer", world.employer_a.pk))
    assert response.status_code == 200
    assert [h.student.surname for h in response.context["hires"]] == ["Андреева"]
    assert response.context["disputed"] == 1 and response.context["can_confirm"]
    assert "Жуков" not in response.text


def test_it_adds_a_student_with_a_normalised_snils(as_user, college, edu):
    data = {
        "surname": "Зайцева",
        "name": "Зоя",
        "patronymic": "",
        "birth_date": "2010-02-02",
        "snils": "112 233 445 95",
        "group": edu.g26.pk,
        "enrolled_on": "2026-09-01",
        "status": "studying",
        "status_since": "2026-09-01",
        "change_reason": "",
    }
    response = as_user(college).post(url("student_add", edu.g26.pk), data)
    assert response.status_code == 200 and "snils" in response.context["form"].errors  # taken by Андреева
    data["snils"] = ""
    assert as_user(college).post(url("student_add", edu.g26.pk), data).status_code == 302
    assert Student.objects.get(surname="Зайцева").group == edu.g26


def test_it_refuses_editing_students_to_the_employer(as_user, employer, edu):
    assert as_user(employer).get(url("student_edit", edu.students["d"].pk)).status_code == 404
    assert as_user(employer).get(url("student_add", edu.g26.pk)).status_code == 404


def test_it_records_employment_through_the_form(as_user, college, edu, world):
    data = {
        "checkpoint_months": 24,
        "status": "self_employed",
        "employer": "",
        "by_speciality": "on",
        "source": "registry",
        "fact_date": "2026-07-01",
        "change_reason": "",
    }
    response = as_user(college).post(url("employment_add", edu.students["a"].pk), data)
    assert response.status_code == 302
    assert edu.students["a"].employment_records.get(checkpoint_months=24).status == "self_employed"


def test_it_keeps_list_query_counts_flat(as_user, official, edu, world, django_assert_max_num_queries):
    client = as_user(official)
    pages = [
        "student_list",
        "placement_list",
        "employment_list",
        "demoexam_list",
        "group_list",
        "programme_list",
    ]
    counts = {}
    for name in pages:
        with django_assert_max_num_queries(20) as few:
            client.get(url(name))
        counts[name] = len(few.captured_queries)
    for index in range(8):
        new = student(edu.g22, f"Новикова{index}", "Анна", "graduated", datetime.date(2025, 6, 30))
        Placement.objects.create(
            group=edu.g22,
            student=new,
            employer=world.employer_a,
            kind="industrial",
            date_from=datetime.date(2025, 4, 1),
            date_to=datetime.date(2025, 4, 20),
            hours=72,
        )
    for name in pages:
        with django_assert_max_num_queries(counts[name]):
            assert client.get(url(name)).status_code == 200


def test_it_keeps_the_dashboard_query_count_flat(as_user, official, edu, django_assert_max_num_queries):
    client = as_user(official)
    with django_assert_max_num_queries(40) as few:
        client.get(url("index"))
    for index in range(8):
        student(edu.g26, f"Новиков{index}", "Иван")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("index")).context["numbers"].students == 15


def test_it_lets_a_college_open_a_programme_in_its_cluster(as_user, college, federal, world):
    data = {
        "code": "23.02.07",
        "name": "",
        "qualification": "Специалист",
        "cluster": world.cluster_a.pk,
        "college": world.college_a.pk,
        "form": "full_time",
        "admission_base": 9,
        "start_year": 2024,
        "standard_years": 3,
        "standard_months": 10,
        "actual_years": 2,
        "actual_months": 10,
        "shortened": "on",
        "practice_share": "50",
        "partners": [world.employer_a.pk],
        "change_reason": "",
    }
    response = as_user(college).post(url("programme_add"), data)
    assert response.status_code == 302
    created = world.cluster_a.educational_programmes.get(code="23.02.07")
    assert created.name.startswith("Техническое обслуживание") and list(created.partners.all()) == [
        world.employer_a
    ]
    assert as_user(federal).get(url("programme_add")).status_code == 403


def test_it_filters_by_status_without_distinct(as_user, official, edu):
    # DISTINCT on a list of plain-field filters made the database sort every matching row on all columns.
    client = as_user(official)
    for name, query in [
        ("student_list", "?status=graduated&status=studying"),
        ("placement_list", "?confirmation=confirmed"),
        ("employment_list", "?status=employed"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name) + query).status_code == 200
        assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"] and "education_" in q["sql"]], name
