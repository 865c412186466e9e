"""A payment's commitment found by cluster and number, a chunk of rows at a time (`Lookup.find_many`)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from profcluster.core.importer import run_import
from profcluster.core.tabular import Table
from profcluster.core.tests.test_importer_find_many import preview, row_by_row
from profcluster.finance.imports import SPECS
from profcluster.finance.tests.conftest import M, commitment
from profcluster.finance.tests.test_imports import HEADERS, rows

PAYMENTS = next(spec for spec in SPECS if spec.slug == "payments")


def payments(money, numbers):
    first = rows(money)[0]
    return [[*first[:2], f"ПП-{i}", *first[3:8], number, "Сверх плана"] for i, number in enumerate(numbers)]


def test_it_finds_the_commitments_it_finds_row_by_row(official, money, categories):
    contract = commitment(money, categories, amount=10 * M)
    other = commitment(money, categories, amount=M, number="Д-2")
    table = payments(money, ["Д-1", " Д-1 ", "д-1", "Д-2", "Д-9", ""])
    shown, found, _queries = preview(PAYMENTS, HEADERS, table, official)
    assert (shown, found) == preview(row_by_row(PAYMENTS), HEADERS, table, official)[:2]
    assert found == [contract.pk, contract.pk, other.pk, None]
    assert [errors for _action, errors in shown][2:5:2] == [
        ["строка 4, Кластер, Номер договора: «Кластер А1, д-1» не найдено"],
        ["строка 6, Кластер, Номер договора: «Кластер А1, Д-9» не найдено"],
    ]


def test_it_asks_for_the_commitments_of_50_rows_once(official, money, categories):
    for i in range(50):
        commitment(money, categories, amount=M, number=f"Д-{i}")
    table = payments(money, [f"Д-{i}" for i in range(50)])

    def lookups(spec):
        # The lookup's own queries: a payment's checks still ask about each row's participant.
        with CaptureQueriesContext(connection) as queries:
            run_import(spec, Table(HEADERS, table), official, apply=False)
        return [query for query in queries if '"finance_commitment"."number"' in query["sql"]]

    assert len(lookups(PAYMENTS)) == 1 and len(lookups(row_by_row(PAYMENTS))) == 50
