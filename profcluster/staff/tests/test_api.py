"""The staff registers over the API: scope, validation in Russian, writes through the gate, masking."""

from profcluster.staff.models import TrainingRecord
from profcluster.staff.tests.conftest import C, make_member, make_record

MEMBERS = "/api/staff/members/"
RECORDS = "/api/staff/training-records/"


def record_data(staff, **extra):
    return {
        "staff_member": staff.teacher.pk,
        "course": staff.course.pk,
        "date_from": "2024-02-01",
        "date_to": "2024-02-10",
        "status": "planned",
        **extra,
    }


def test_it_shows_an_outsider_nothing(as_user, outsider, staff):
    client = as_user(outsider)
    assert client.get(MEMBERS).json()["count"] == 0
    assert client.get(f"{MEMBERS}{staff.teacher.pk}/").status_code == 404
    assert client.get(RECORDS).json()["count"] == 0


def test_it_lists_the_members_of_the_managers_cluster_only(as_user, manager, staff):
    response = as_user(manager).get(MEMBERS, {"ordering": "person__surname"})
    names = [m["full_name"] for m in response.json()["results"]]
    # The teacher of college A2 (cluster A2 only) is outside cluster A1.
    assert names == ["Зайцева Тест", "Ковалёва Тест", "Кузнецова Тест", "Осипова Тест", "Шишкина Тест"]


def test_it_names_the_field_of_invalid_data_in_russian(as_user, official, staff):
    data = record_data(staff, date_to="2024-01-01")
    response = as_user(official).post(RECORDS, data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["date_to"] == ["Дата окончания раньше даты начала."]
    assert not TrainingRecord.objects.exists()


def test_it_creates_a_training_record_in_scope(as_user, official, staff):
    response = as_user(official).post(RECORDS, record_data(staff), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["has_scan"] is False and "scan" not in response.json()
    assert TrainingRecord.objects.get().staff_member == staff.teacher


def test_it_refuses_a_record_for_a_partners_staff(as_user, employer, outsider, staff):
    # The employer sees college A's teacher through the cluster but does not manage college A.
    response = as_user(employer).post(RECORDS, record_data(staff), content_type="application/json")
    assert response.status_code == 403
    response = as_user(outsider).post(RECORDS, record_data(staff), content_type="application/json")
    assert response.status_code == 400 and "staff_member" in response.json()["errors"]
    assert not TrainingRecord.objects.exists()


def test_it_refuses_a_cluster_the_organisation_is_not_in(as_user, official, staff, world):
    data = {"clusters": [world.cluster_a2.pk]}
    response = as_user(official).patch(f"{MEMBERS}{staff.teacher.pk}/", data, content_type="application/json")
    assert response.status_code == 400 and "Кластер А2" in response.json()["errors"]["clusters"][0]
    assert list(staff.teacher.clusters.all()) == [world.cluster_a]


def test_it_creates_a_member_with_the_persons_organisation(as_user, official, staff, world):
    data = {"person": world.person_a.pk, "category": "manager", "clusters": [world.cluster_a.pk]}
    response = as_user(official).post(MEMBERS, data, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["organisation"] == world.college_a.pk
    assert world.person_a.staff_roles.get().clusters.get() == world.cluster_a


def test_it_masks_contacts_unless_the_caller_may_read_them(as_user, auditor, official, staff):
    url = f"{MEMBERS}{staff.teacher.pk}/"
    masked = as_user(auditor).get(url).json()
    assert (masked["snils"], masked["email"], masked["phone"]) == (
        "•••-•••-••• 95",
        "s•••@example.ru",
        "•••33",
    )
    clear = as_user(official).get(url).json()
    assert (clear["snils"], clear["email"]) == ("11223344595", "shishkina@example.ru")


def test_it_keeps_the_list_query_count_flat(as_user, official, staff, world, django_assert_max_num_queries):
    client = as_user(official)
    with django_assert_max_num_queries(12) as few:
        client.get(MEMBERS)
    for index in range(10):
        member = make_member(
            world.college_a, C.TEACHER, f"Новикова{index}", [world.cluster_a], email="n@x.ru"
        )
        make_record(member, staff.course, None, status="planned")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(MEMBERS)
    assert response.json()["count"] == 16
