import datetime

from django.urls import reverse

from profcluster.staff.models import Course, StaffMember, TeachingAssignment
from profcluster.staff.tests.conftest import make_assignment, make_member, make_record


def member_data(person, **overrides):
    data = {
        "person": person.pk,
        "category": "teacher",
        "host_organisation": "",
        "clusters": [],
        "programmes": "29.02.10",
        "employment": "staff",
        "date_from": "2020-09-01",
        "date_to": "",
        "change_reason": "Приказ о приёме",
    }
    return {**data, **overrides}


def names(response):
    return sorted(m.person.surname for m in response.context["object_list"])


def test_it_lists_the_staff_of_the_scope(as_user, official, employer, staff):
    assert names(as_user(official).get(reverse("staff:index"))) == [
        "Зайцева", "Ковалёва", "Кузнецова", "Осипова", "Соколов", "Шишкина"
    ]  # fmt: skip
    # The employer sees the staff of its cluster A1, not those of cluster A2.
    assert "Соколов" not in names(as_user(employer).get(reverse("staff:index")))


def test_it_shows_an_outsider_nothing(as_user, outsider, staff):
    client = as_user(outsider)
    assert names(client.get(reverse("staff:index"))) == []
    record = make_record(staff.teacher, staff.course, datetime.date(2023, 10, 1))
    assignment = make_assignment(staff.practitioner, staff.teacher.clusters.get())
    urls = [
        reverse("staff:staffmember_detail", args=[staff.teacher.pk]),
        reverse("staff:staffmember_edit", args=[staff.teacher.pk]),
        reverse("staff:trainingrecord_add", args=[staff.teacher.pk]),
        reverse("staff:trainingrecord_edit", args=[record.pk]),
        reverse("staff:trainingrecord_scan", args=[record.pk]),
        reverse("staff:teachingassignment_add", args=[staff.practitioner.pk]),
        reverse("staff:teachingassignment_edit", args=[assignment.pk]),
        reverse("staff:coverage", args=[staff.teacher.clusters.get().pk]),
        reverse("staff:coverage_xlsx", args=[staff.teacher.clusters.get().pk]),
        reverse("staff:employer_detail", args=[staff.practitioner.organisation_id]),
    ]
    assert {url: client.get(url).status_code for url in urls} == {url: 404 for url in urls}


def test_it_filters_by_category_and_training(as_user, official, staff):
    make_record(staff.teacher, staff.course, datetime.date.today() - datetime.timedelta(days=30))
    make_record(staff.master, staff.course, datetime.date.today() - datetime.timedelta(days=3 * 365 - 30))
    make_record(staff.manager, staff.course, datetime.date(2020, 1, 10))
    client = as_user(official)
    assert names(client.get(reverse("staff:index"), {"category": "master"})) == ["Осипова"]
    assert names(client.get(reverse("staff:index"), {"pd": "trained"})) == ["Осипова", "Шишкина"]
    assert names(client.get(reverse("staff:index"), {"pd": "expiring"})) == ["Осипова"]
    assert names(client.get(reverse("staff:index"), {"pd": "expired"})) == ["Кузнецова"]
    assert "Шишкина" not in names(client.get(reverse("staff:index"), {"pd": "not_trained"}))


def test_it_lists_a_colleges_hosted_practitioners_with_its_staff(as_user, official, staff, world):
    response = as_user(official).get(reverse("staff:index"), {"organisation": world.college_a.pk})
    assert names(response) == ["Зайцева", "Ковалёва", "Кузнецова", "Осипова", "Шишкина"]


def test_it_keeps_the_list_query_count_flat(as_user, official, staff, world, django_assert_max_num_queries):
    client = as_user(official)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("staff:index"))
    for index in range(12):
        member = make_member(
            world.college_a, StaffMember.Category.TEACHER, f"Учитель{index}", [world.cluster_a]
        )
        make_record(member, staff.course, datetime.date(2023, 5, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("staff:index"))
    assert len(response.context["object_list"]) == 18


def test_it_lets_the_college_add_its_teacher(as_user, world, staff):
    from profcluster.conftest import make_user

    college = make_user("college", "organisation", organisation=world.college_a)
    person = world.person_a
    data = member_data(person, clusters=[world.cluster_a.pk])
    response = as_user(college).post(reverse("staff:staffmember_add"), data)
    member = StaffMember.objects.get(person=person)
    assert response.status_code == 302 and response.url == member.get_absolute_url()
    assert (member.organisation, list(member.clusters.all())) == (world.college_a, [world.cluster_a])
    assert member.history.first().history_change_reason == "Приказ о приёме"


def test_it_refuses_staff_of_an_organisation_the_user_does_not_manage(as_user, employer, world, staff):
    response = as_user(employer).post(
        reverse("staff:staffmember_add"), member_data(world.person_a, clusters=[world.cluster_a.pk])
    )
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert not StaffMember.objects.filter(person=world.person_a).exists()


def test_it_refuses_a_cluster_the_organisation_is_not_in(as_user, official, world, staff):
    response = as_user(official).post(
        reverse("staff:staffmember_add"), member_data(world.person_a, clusters=[world.cluster_a2.pk])
    )
    assert "clusters" in response.context["form"].errors
    assert not StaffMember.objects.filter(person=world.person_a).exists()


def test_it_lets_whoever_changes_the_organisation_manage_its_staff(as_user, manager, employer, staff):
    url = reverse("staff:staffmember_edit", args=[staff.teacher.pk])
    # The cluster manager reads the college's staff but does not change the college's own records.
    assert as_user(manager).get(url).status_code == 404
    assert as_user(employer).get(url).status_code == 404
    practitioner_url = reverse("staff:staffmember_edit", args=[staff.practitioner.pk])
    assert as_user(employer).get(practitioner_url).status_code == 200


def test_it_records_training_on_the_passport(as_user, official, staff):
    data = {
        "course": staff.course.pk,
        "date_from": "2023-09-04",
        "date_to": "2023-10-13",
        "status": "completed",
        "document_kind": "certificate",
        "document_series": "22",
        "document_number": "2200015",
        "document_date": "2023-10-13",
        "valid_until": "",
        "change_reason": "",
    }
    client = as_user(official)
    response = client.post(reverse("staff:trainingrecord_add", args=[staff.teacher.pk]), data)
    assert response.status_code == 302
    record = staff.teacher.training_records.get()
    assert record.valid_until == datetime.date(2026, 10, 13)
    page = client.get(reverse("staff:staffmember_detail", args=[staff.teacher.pk]))
    assert "2200015" in page.text and "13.10.2026" in page.text and page.context["history"]


def test_it_adds_a_course_and_checks_its_hours(as_user, official, world):
    data = {
        "title": "Переподготовка",
        "provider": world.college_a.pk,
        "kind": "retraining",
        "hours": "72",
        "format": "distance",
        "topic": "",
        "registered_by": world.college_a.pk,
    }
    client = as_user(official)
    response = client.post(reverse("staff:course_add"), data)
    assert "hours" in response.context["form"].errors
    response = client.post(reverse("staff:course_add"), {**data, "hours": "256"})
    assert response.status_code == 302 and Course.objects.get().hours == 256


def test_it_records_practitioner_teaching_in_its_clusters_only(as_user, employer, staff, world):
    data = {
        "cluster": world.cluster_a.pk,
        "programme": "29.02.10",
        "discipline": "ПМ.02",
        "kind": "discipline",
        "academic_year": "2023",
        "semester": "1",
        "planned_hours": "48",
        "delivered_hours": "44",
    }
    client = as_user(employer)
    url = reverse("staff:teachingassignment_add", args=[staff.practitioner.pk])
    assert client.post(url, {**data, "cluster": world.cluster_a2.pk}).status_code == 200
    assert client.post(url, data).status_code == 302
    assert TeachingAssignment.objects.get().delivered_hours == 44
    assert client.get(reverse("staff:teachingassignment_add", args=[staff.teacher.pk])).status_code == 404


def test_it_shows_an_employers_practitioners_and_hosted_internships(as_user, employer, staff, world):
    make_assignment(staff.practitioner, world.cluster_a, planned=36, delivered=30)
    make_assignment(staff.practitioner, world.cluster_a, discipline="УП.01", planned=72, delivered=72)
    make_record(staff.teacher, staff.internship, datetime.date(2023, 6, 23))
    response = as_user(employer).get(reverse("staff:employer_detail", args=[world.employer_a.pk]))
    assert response.context["totals"] == {"planned": 108, "delivered": 102}
    assert [r.staff_member for r in response.context["internships"]] == [staff.teacher]
    assert "Шишкина" in response.text and "Ковалёва" in response.text


def test_it_shares_the_catalogue_but_not_the_people_on_it(as_user, outsider, official, staff):
    make_record(staff.teacher, staff.course, datetime.date(2023, 6, 1))
    response = as_user(outsider).get(reverse("staff:course_list"))
    assert {c.title for c in response.context["object_list"]} == {"Курс", "Стажировка"}
    url = reverse("staff:course_detail", args=[staff.course.pk])
    assert list(as_user(outsider).get(url).context["records"]) == []
    assert [r.staff_member for r in as_user(official).get(url).context["records"]] == [staff.teacher]


def test_it_sends_anonymous_visitors_to_the_login_page(client, staff):
    for name in ("staff:index", "staff:course_list", "staff:teachingassignment_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_refuses_a_course_to_users_without_an_organisation_to_manage(as_user, federal, world):
    assert as_user(federal).get(reverse("staff:course_add")).status_code == 403
    assert not Course.objects.exists()
