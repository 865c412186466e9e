"""Payments from an accountant's spreadsheet, through the shared import pages."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profcluster.core.importer import run_import
from profcluster.core.tabular import Table
from profcluster.finance.imports import SPECS
from profcluster.finance.models import Commitment, Payment
from profcluster.finance.tests.conftest import M, commitment, payment
from profcluster.imports.tests.test_imports import upload, xlsx

HEADERS = [
    "Кластер",
    "ИНН организации",
    "Платёжный документ",
    "Дата",
    "Год",
    "Источник",
    "Направление расходов",
    "Сумма",
    "Номер договора",
    "Обоснование превышения",
]


def rows(world):
    inn = world.college_a.inn
    return [
        [
            "Кластер А1",
            inn,
            "ПП-15",
            "12.04.2023",
            2023,
            "федеральный бюджет",
            "Оборудование",
            "1 234 567,89",
            "Д-1",
            "",
        ],
        [
            "Кластер А1",
            inn,
            "ПП-16",
            "13.04.2023",
            2023,
            "федеральный бюджет",
            "equipment",
            500000,
            "Д-1",
            "",
        ],
    ]


def test_it_previews_then_creates_payments_of_a_commitment(as_user, official, money, categories):
    contract = commitment(money, categories, amount=10 * M)
    client = as_user(official)
    job = upload(client, "payments", xlsx(HEADERS, rows(money)))
    assert job.status == "checked", job.result["errors"]
    assert job.result["counts"]["create"] == 2 and not Payment.objects.exists()
    client.post(reverse("imports:apply", args=[job.pk]))
    first = Payment.objects.get(document="ПП-15")
    assert (first.amount, first.commitment, first.stage) == (Decimal("1234567.89"), contract, "spent")


def test_it_finds_the_contract_by_its_number_within_the_cluster(as_user, official, money, categories):
    contract = commitment(money, categories, amount=10 * M)
    # The same number in another cluster is another contract, not a reason to refuse the row.
    Commitment.objects.create(
        cluster=money.cluster_a2,
        year=2023,
        source="federal",
        category=categories["equipment"],
        organisation=money.college_a2,
        number="Д-1",
        date="2023-03-01",
        amount=M,
    )
    client = as_user(official)
    job = upload(client, "payments", xlsx(HEADERS, rows(money)))
    assert job.status == "checked", job.result["errors"]
    client.post(reverse("imports:apply", args=[job.pk]))
    assert set(Payment.objects.values_list("commitment", flat=True)) == {contract.pk}


def test_it_reads_a_windows_1251_csv_with_semicolons(as_user, manager, money, categories):
    commitment(money, categories, amount=10 * M)
    text = "\r\n".join(";".join(str(cell) for cell in row) for row in [HEADERS, *rows(money)]) + "\r\n"
    client = as_user(manager)
    job = upload(client, "payments", text.encode("cp1251"), name="payments.csv")
    assert job.status == "checked", job.result["errors"]
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Payment.objects.get(document="ПП-16").amount == Decimal("500000.00")


def test_it_names_the_row_and_column_and_writes_nothing(as_user, official, money, categories):
    commitment(money, categories, amount=10 * M)
    bad = rows(money)
    bad[1][1] = money.college_a2.inn  # a college of another cluster
    job = upload(as_user(official), "payments", xlsx(HEADERS, bad))
    assert job.status == "failed"
    assert job.result["errors"] == ["строка 3, ИНН организации: Эта организация не участвует в кластере."]
    assert not Payment.objects.exists()


def test_it_wants_a_justification_for_a_payment_without_a_commitment(as_user, official, money):
    row = rows(money)[0][:8]
    job = upload(as_user(official), "payments", xlsx(HEADERS[:8], [row]))
    assert job.status == "failed"
    assert job.result["errors"][0].startswith("строка 2, Обоснование превышения:")


def test_it_changes_nothing_when_the_same_file_comes_again(as_user, official, money, categories):
    commitment(money, categories, amount=10 * M)
    client = as_user(official)
    client.post(reverse("imports:apply", args=[upload(client, "payments", xlsx(HEADERS, rows(money))).pk]))
    history = Payment.history.count()
    job = upload(client, "payments", xlsx(HEADERS, rows(money)))
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Payment.history.count() == history == 2


def test_it_leaves_a_verified_payment_alone(as_user, official, money, categories):
    contract = commitment(money, categories, amount=10 * M)
    locked = payment(money, categories, amount=M, commitment=contract, document="ПП-15", stage="verified")
    locked.date = "2023-04-12"
    locked.save()
    job = upload(as_user(official), "payments", xlsx(HEADERS, rows(money)[:1]))
    assert job.status == "failed"
    assert job.result["errors"][0].startswith("строка 2, Платёжный документ:")
    locked.refresh_from_db()
    assert locked.amount == M


def test_it_keeps_an_outsider_out_of_another_region(as_user, outsider, money, categories):
    commitment(money, categories, amount=10 * M)
    job = upload(as_user(outsider), "payments", xlsx(HEADERS, rows(money)))
    assert job.status == "failed"
    assert job.result["errors"][0] == "строка 2, Кластер: «Кластер А1» не найдено"
    assert not Payment.objects.exists()


def test_it_asks_whether_the_organisation_takes_part_once_per_organisation(official, money, categories):
    commitment(money, categories, amount=10 * M)
    spec = next(spec for spec in SPECS if spec.slug == "payments")

    def queries_for(n):
        many = [[*rows(money)[0][:2], f"ПП-{i}", *rows(money)[0][3:]] for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            result = run_import(spec, Table(HEADERS, many), official, apply=False)
        assert result.ok, result.error_messages
        # Asked of the participations themselves (the organisations' lookup only joins them).
        asked = ('SELECT 1 AS "a" FROM "clusters_participation"', 'SELECT "clusters_participation"')
        return [query["sql"] for query in queries if query["sql"].startswith(asked)]

    few, many = queries_for(3), queries_for(30)
    assert len(few) == len(many) == 1, many


def test_it_refuses_a_payment_of_an_organisation_outside_the_cluster(as_user, official, money, categories):
    commitment(money, categories, amount=10 * M)
    outside = [[rows(money)[0][0], money.college_a2.inn, *rows(money)[0][2:]]]
    job = upload(as_user(official), "payments", xlsx(HEADERS, outside))
    assert job.result["errors"] == ["строка 2, ИНН организации: Эта организация не участвует в кластере."], (
        job.result["errors"]
    )
    assert not Payment.objects.exists()
