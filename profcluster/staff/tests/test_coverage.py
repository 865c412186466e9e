import datetime
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from profcluster.staff.models import StaffMember
from profcluster.staff.tests.conftest import make_assignment, make_member, make_record


def coverage_of(client, cluster, year=2023):
    return client.get(reverse("staff:coverage", args=[cluster.pk]), {"year": year})


def trained_2023(staff):
    make_record(staff.teacher, staff.course, datetime.date(2023, 10, 13))
    make_record(staff.master, staff.course, datetime.date(2020, 1, 10))  # lapsed on 10.01.2023
    make_record(staff.methodologist, staff.course, datetime.date(2023, 5, 12))
    make_record(staff.practitioner, staff.course, datetime.date(2023, 5, 12))


def test_it_counts_only_teachers_masters_and_managers_of_the_cluster(as_user, official, staff, world):
    trained_2023(staff)
    response = coverage_of(as_user(official), world.cluster_a)
    coverage = response.context["coverage"]
    assert (coverage.total, coverage.trained, coverage.share) == (3, 1, Decimal("33.3"))
    assert sorted(m.person.surname for m in coverage.missing) == ["Кузнецова", "Осипова"]
    assert "33,3&nbsp;%" in response.text and "<svg" in response.text


def test_it_leaves_out_organisations_outside_the_cluster_and_people_who_left(as_user, official, staff, world):
    make_member(world.college_a2, StaffMember.Category.TEACHER, "Чужой", [world.cluster_a])
    gone = make_member(world.college_a, StaffMember.Category.TEACHER, "Уволенный", [world.cluster_a])
    StaffMember.objects.filter(pk=gone.pk).update(date_to=datetime.date(2023, 6, 30))
    coverage = coverage_of(as_user(official), world.cluster_a).context["coverage"]
    assert coverage.total == 3
    assert coverage_of(as_user(official), world.cluster_a, 2022).context["coverage"].total == 4


def test_it_groups_coverage_by_organisation_and_category(as_user, official, staff, world):
    trained_2023(staff)
    rows = coverage_of(as_user(official), world.cluster_a).context["coverage"].rows
    assert [(r.category, r.total, r.trained, r.share) for r in rows] == [
        ("manager", 1, 0, Decimal("0.0")),
        ("master", 1, 0, Decimal("0.0")),
        ("teacher", 1, 1, Decimal("100.0")),
    ]


def test_it_compares_coverage_with_the_configured_target(as_user, official, staff, world, settings):
    trained_2023(staff)
    assert not coverage_of(as_user(official), world.cluster_a).context["coverage"].target_met
    settings.PD_COVERAGE_TARGET = 30
    coverage = coverage_of(as_user(official), world.cluster_a).context["coverage"]
    assert coverage.target == Decimal("30") and coverage.target_met


def test_it_lists_qualifications_that_expire_within_90_days(as_user, official, staff, world):
    today = datetime.date.today()
    make_record(staff.teacher, staff.course, today - datetime.timedelta(days=3 * 365 - 40))
    make_record(staff.master, staff.course, today - datetime.timedelta(days=100))
    coverage = coverage_of(as_user(official), world.cluster_a, today.year).context["coverage"]
    assert [m.person.surname for m in coverage.expiring] == ["Шишкина"]
    assert coverage.trained == 2


def test_it_sums_hours_by_format(as_user, official, staff, world):
    trained_2023(staff)
    make_record(staff.manager, staff.internship, None, "planned")
    hours = coverage_of(as_user(official), world.cluster_a).context["coverage"].hours_by_format
    assert [(h["course__format"], h["planned"], h["completed"]) for h in hours] == [
        ("distance", 216, 216),
        ("in_person", 36, 0),
    ]


def test_it_rolls_practitioner_hours_up_to_the_employer(as_user, employer, staff, world):
    make_assignment(staff.practitioner, world.cluster_a, "МДК.01.01", 2022, 2, planned=36, delivered=36)
    make_assignment(staff.practitioner, world.cluster_a, "ПМ.02", 2023, 1, planned=48, delivered=44)
    make_assignment(staff.practitioner, world.cluster_a, "ПП.01", 2023, 2, planned=144, delivered=0)
    response = coverage_of(as_user(employer), world.cluster_a)
    [row] = response.context["coverage"].practitioner_hours
    assert (row["practitioner__organisation__short_name"], row["planned"], row["delivered"]) == (
        "Работодатель А",
        84,
        80,
    )
    listing = as_user(employer).get(reverse("staff:teachingassignment_list"))
    assert listing.context["totals"] == {"planned": 228, "delivered": 80}


def test_it_shows_the_employer_only_its_clusters_coverage(as_user, employer, world, staff):
    assert coverage_of(as_user(employer), world.cluster_a).status_code == 200
    assert coverage_of(as_user(employer), world.cluster_a2).status_code == 404


def export(client, cluster):
    response = client.get(reverse("staff:coverage_xlsx", args=[cluster.pk]), {"year": 2023})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_it_exports_coverage_with_personal_data_for_those_who_may_see_it(as_user, official, staff, world):
    trained_2023(staff)
    workbook = export(as_user(official), world.cluster_a)
    rows = [[c.value for c in row] for row in workbook.worksheets[1].iter_rows(min_row=2)]
    shishkina = next(r for r in rows if r[1].startswith("Шишкина"))
    assert shishkina[4:7] == ["112-233-445 95", "shishkina@example.ru", "+7 913 111-22-33"]
    summary = [[c.value for c in row] for row in workbook.worksheets[0].iter_rows(min_row=2)]
    assert summary[-1][2:4] == [3, 1] and round(summary[-1][4], 4) == 0.3333


def test_it_masks_personal_data_in_the_export_for_others(as_user, auditor, employer, staff, world):
    for user in (auditor, employer):
        rows = [
            [c.value for c in r]
            for r in export(as_user(user), world.cluster_a).worksheets[1].iter_rows(min_row=2)
        ]
        shishkina = next(r for r in rows if r[1].startswith("Шишкина"))
        assert shishkina[4:7] == ["•••-•••-••• 95", "s•••@example.ru", "•••33"]
        assert "shishkina@example.ru" not in str(rows)


def test_it_masks_personal_data_on_the_passport(as_user, manager, employer, staff):
    url = reverse("staff:staffmember_detail", args=[staff.teacher.pk])
    assert "shishkina@example.ru" in as_user(manager).get(url).text
    response = as_user(employer).get(url)
    assert response.status_code == 200 and "Шишкина" in response.text
    assert "shishkina@example.ru" not in response.text and "112-233-445 95" not in response.text


def test_it_keeps_the_coverage_query_count_flat(
    as_user, official, staff, world, django_assert_max_num_queries
):
    client = as_user(official)
    trained_2023(staff)
    with django_assert_max_num_queries(20) as few:
        coverage_of(client, world.cluster_a)
    for index in range(10):
        member = make_member(
            world.college_a, StaffMember.Category.TEACHER, f"Учитель{index}", [world.cluster_a]
        )
        make_record(
            member, staff.course, datetime.date(2023, 5, 1) if index % 2 else datetime.date(2019, 5, 1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = coverage_of(client, world.cluster_a)
    assert (response.context["coverage"].total, response.context["coverage"].trained) == (13, 6)
