from decimal import Decimal

from django.urls import reverse

from profcluster.education.selectors import education_breakdown, education_numbers
from profcluster.education.tests.conftest import ON, student


def test_it_counts_students_by_status_and_course(official, edu, world):
    numbers = education_numbers(official, cluster=world.cluster_a, on=ON)
    assert numbers.students == 6
    assert numbers.by_status == {"studying": 2, "academic_leave": 1, "expelled": 1, "graduated": 2}
    assert numbers.by_course == {1: 2}


def test_it_compares_intake_plan_and_fact(official, edu, world):
    numbers = education_numbers(official, cluster=world.cluster_a, on=ON)
    assert (numbers.planned_intake, numbers.actual_intake) == (7, 6)
    assert numbers.intake_fulfilment == Decimal(6) / Decimal(7)


def test_it_shares_studying_students_with_an_active_targeted_contract(official, edu, world):
    numbers = education_numbers(official, cluster=world.cluster_a, on=ON)
    # Андреева's contract is fulfilled and she has graduated: only Григорьева counts, of two studying.
    assert (numbers.with_contract, numbers.contract_share) == (1, Decimal("0.5"))


def test_it_sums_practice_hours_leaving_out_disputed_placements(official, edu, world):
    numbers = education_numbers(official, cluster=world.cluster_a, on=ON)
    assert (numbers.placements, numbers.practice_hours, numbers.disputed_placements) == (2, 108, 1)


def test_it_computes_the_demo_exam_pass_rate_and_mean_score(official, edu, world):
    numbers = education_numbers(official, cluster=world.cluster_a, on=ON)
    assert (numbers.exams, numbers.exams_passed, numbers.exam_pass_rate) == (2, 1, Decimal("0.5"))
    assert numbers.mean_score == Decimal("62.5")


def test_it_computes_employment_rates_at_each_checkpoint(official, edu, world):
    numbers = education_numbers(official, cluster=world.cluster_a, on=ON)
    year, two_years = numbers.at(12), numbers.at(24)
    assert (year.graduates, year.working, year.by_speciality, year.at_partner) == (2, 2, 1, 1)
    assert (year.rate, year.speciality_rate, year.partner_rate) == (1, Decimal("0.5"), Decimal("0.5"))
    # Graduated on 30.06.2025: the two-year checkpoint has not come on 29.11.2026.
    assert (two_years.graduates, two_years.rate) == (0, None)


def test_it_follows_the_checkpoints_setting(official, edu, world, settings):
    settings.EMPLOYMENT_CHECKPOINTS_MONTHS = (6, 12)
    numbers = education_numbers(official, cluster=world.cluster_a, on=ON)
    assert [(e.months, e.graduates, e.recorded) for e in numbers.employment] == [(6, 2, 0), (12, 2, 2)]


def test_it_counts_only_what_the_employer_may_see(employer, edu, world):
    numbers = education_numbers(employer, cluster=world.cluster_a, on=ON)
    # "Our" students of employer A: the group КМ-26 and КМ-22 practised there, so all six are linked.
    assert numbers.students == 6
    assert numbers.at(12).working == 1  # its own hire; the job at college A2 is not its business


def test_it_breaks_numbers_down_by_cluster(official, edu, world):
    rows = education_breakdown(official, by="cluster", on=ON)
    assert rows[world.cluster_a.pk].students == 6 and rows[world.cluster_a2.pk].students == 1
    assert rows[world.cluster_a2.pk].drill == f"cluster={world.cluster_a2.pk}"


def test_it_queries_a_fixed_number_of_times(official, edu, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(7) as few:
        education_numbers(official, on=ON)
    for index in range(10):
        student(edu.g26, f"Новиков{index}", "Иван")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert education_numbers(official, on=ON).students == 17


def test_it_links_each_number_to_exactly_the_records_counted(as_user, official, edu, world):
    numbers = education_numbers(official, cluster=world.cluster_a, on=ON)
    client = as_user(official)
    studying = client.get(reverse("education:student_list") + f"?{numbers.drill}&status=studying&course=1")
    assert studying.context["paginator"].count == numbers.by_course[1] == 2
    contract = client.get(
        reverse("education:student_list") + f"?{numbers.drill}&status=studying&contract=yes"
    )
    assert [s.surname for s in contract.context["object_list"]] == ["Григорьева"]
    before = numbers.at(12).graduated_before.isoformat()
    query = f"?{numbers.drill}&checkpoint_months=12&status=employed&status=self_employed"
    query += f"&graduated_before={before}"
    partner = client.get(reverse("education:employment_list") + query + "&at_partner=yes")
    assert partner.context["paginator"].count == numbers.at(12).at_partner == 1


def test_it_shows_the_numbers_dashboard_with_a_chart(as_user, official, edu, world):
    response = as_user(official).get(reverse("education:cluster", args=[world.cluster_a.pk]))
    assert response.status_code == 200
    assert response.context["numbers"].students == 6
    assert "<svg" in response.text and "КМ-26" in response.text
    index = as_user(official).get(reverse("education:index"), {"region": world.region_a.pk})
    assert [obj for obj, _n, _url in index.context["rows"]] == [world.cluster_a, world.cluster_a2]


def test_it_finds_the_same_partner_employment_for_the_whole_set_and_by_cluster(official, edu, world):
    # The partner check takes the student's cluster from the outer query when it is joined (a breakdown, a
    # narrowed set), else through the record: both ways must count alike.
    whole = education_numbers(official, on=ON).at(12)
    parts = [numbers.at(12) for numbers in education_breakdown(official, by="cluster", on=ON).values()]
    assert whole.at_partner == sum(part.at_partner for part in parts) == 1
    assert whole.working == sum(part.working for part in parts)
