"""List exports: every list page gives XLSX and CSV of its filtered rows, in the user's scope, safely."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from profcluster.core.csvfile import csv_bytes


def test_it_exports_the_filtered_cluster_list_as_xlsx(as_user, federal, world):
    response = as_user(federal).get(
        reverse("clusters:cluster_list"), {"region": world.region_a.pk, "export": "xlsx"}
    )
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.rows]
    assert rows[0][0] == "Кластер"
    assert [row[0] for row in rows[1:]] == ["Кластер А1", "Кластер А2"]


def test_it_exports_only_the_users_scope_as_csv(as_user, outsider, world):
    response = as_user(outsider).get(reverse("organisations:organisation_list"), {"export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Колледж Б" in text and "Колледж А" not in text
    assert text.splitlines()[0].startswith("Краткое наименование;")


def test_it_never_writes_a_formula_into_csv():
    text = csv_bytes(["a", "b"], [["=1+1", "-5"], ["@SUM(A1)", "обычный"]]).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["'=1+1;'-5", "'@SUM(A1);обычный"]
