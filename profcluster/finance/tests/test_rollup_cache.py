"""The finance roll-up is kept until the next write (core.datacache), per scope, region, year and order."""

from django.urls import reverse

from profcluster.finance.tests.conftest import M, commitment, commitment_form


def _committed(response):
    return {cluster.name: cluster.committed for cluster in response.context["clusters"]}


def test_it_shows_a_commitment_entered_in_the_app_at_once(
    as_user, money, categories, manager, federal, boards_kept
):
    client = as_user(federal)
    assert _committed(client.get(reverse("finance:index")))["Кластер А1"] == 0
    assert client.get(reverse("finance:index")).context["computed"].from_cache
    data = commitment_form(money, categories, amount="15 000 000,00")
    response = as_user(manager).post(reverse("finance:commitment_add", args=[money.cluster_a.pk]), data)
    assert response.status_code == 302
    assert _committed(as_user(federal).get(reverse("finance:index")))["Кластер А1"] == 15 * M


def test_it_never_shows_an_outsider_the_board_another_scope_cached(
    as_user, money, categories, federal, outsider, boards_kept
):
    commitment(money, categories, amount=7 * M)
    assert set(_committed(as_user(federal).get(reverse("finance:index")))) == {
        "Кластер А1",
        "Кластер А2",
        "Кластер Б",
    }
    theirs = as_user(outsider).get(reverse("finance:index"))
    assert set(_committed(theirs)) == {"Кластер Б"} and not theirs.context["computed"].from_cache
    assert [r.name for r in theirs.context["regions"]] == [money.region_b.name]
    export = as_user(outsider).get(reverse("finance:index"), {"export": "xlsx"})
    assert export.status_code == 200 and "Кластер А1".encode() not in export.content


def test_it_keeps_each_year_and_order_apart(as_user, money, categories, federal, boards_kept):
    commitment(money, categories, amount=7 * M)
    client = as_user(federal)
    assert _committed(client.get(reverse("finance:index"), {"year": 2023}))["Кластер А1"] == 7 * M
    assert _committed(client.get(reverse("finance:index"), {"year": 2024}))["Кластер А1"] == 0
    by_total = client.get(reverse("finance:index"), {"sort": "total"})
    assert by_total.context["clusters"][0].name == "Кластер А1"


def test_a_write_has_the_country_roll_up_computed_before_anyone_asks(
    as_user, money, categories, manager, federal, boards_kept, settings
):
    settings.BOARD_WARM = True  # the job runs at once in tests (django-tasks' immediate backend)
    data = commitment_form(money, categories, amount="15 000 000,00")
    as_user(manager).post(reverse("finance:commitment_add", args=[money.cluster_a.pk]), data)
    board = as_user(federal).get(reverse("finance:index"))
    assert board.context["computed"].from_cache and _committed(board)["Кластер А1"] == 15 * M
