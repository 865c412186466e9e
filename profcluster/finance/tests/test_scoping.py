import io

from django.urls import reverse
from openpyxl import load_workbook

from profcluster.finance.tests.conftest import M, commitment, payment


def test_it_shows_an_employer_only_its_own_contributions(as_user, money, categories, employer):
    own = commitment(money, categories, amount=5 * M, source="employer", organisation=money.employer_a)
    other = commitment(money, categories, amount=50 * M, number="Д-2")
    response = as_user(employer).get(reverse("finance:commitment_list"))
    assert list(response.context["object_list"]) == [own]
    assert as_user(employer).get(reverse("finance:commitment_detail", args=[other.pk])).status_code == 404


def test_it_hides_the_cluster_plan_from_an_employer(as_user, money, employer):
    response = as_user(employer).get(reverse("finance:cluster", args=[money.cluster_a.pk]))
    assert response.status_code == 200
    assert response.context["matrix"].total.planned == 0


def test_it_shows_an_outsider_nothing(as_user, money, categories, outsider):
    p = payment(money, categories, amount=M, justification="Аванс")
    client = as_user(outsider)
    assert client.get(reverse("finance:cluster", args=[money.cluster_a.pk])).status_code == 404
    assert client.get(reverse("finance:payment_detail", args=[p.pk])).status_code == 404
    assert client.get(reverse("finance:budget_revisions", args=[money.cluster_a.pk, 2023])).status_code == 404
    assert not client.get(reverse("finance:payment_list")).context["object_list"]
    assert client.get(reverse("finance:index")).context["matrix"].total.planned == 0


def test_it_exports_only_what_the_user_may_see(as_user, money, categories, outsider, official):
    payment(money, categories, amount=M, justification="Аванс")
    url = reverse("finance:payment_list")
    outsider_rows = list(
        load_workbook(io.BytesIO(as_user(outsider).get(url, {"export": "xlsx"}).content)).active.rows
    )
    official_rows = list(
        load_workbook(io.BytesIO(as_user(official).get(url, {"export": "xlsx"}).content)).active.rows
    )
    assert (len(outsider_rows), len(official_rows)) == (1, 2)
    assert official_rows[1][0].value == "Кластер А1"


def test_it_keeps_entry_forms_to_those_who_run_the_cluster(as_user, money, employer, outsider):
    for user in (employer, outsider):
        assert (
            as_user(user).get(reverse("finance:commitment_add", args=[money.cluster_a.pk])).status_code == 404
        )
        assert (
            as_user(user).get(reverse("finance:budget_edit", args=[money.cluster_a.pk, 2023])).status_code
            == 404
        )


def test_it_keeps_the_list_query_count_flat(
    as_user, money, categories, official, django_assert_max_num_queries
):
    client = as_user(official)
    # An empty page skips the query of its rows: start with one row.
    payment(money, categories, amount=M, justification="Аванс", document="ПП-0")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("finance:payment_list"))
    for index in range(1, 11):
        payment(money, categories, amount=M, justification="Аванс", document=f"ПП-{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("finance:payment_list"))
