"""The governance overview of clusters as XLSX and CSV (it holds no personal data to mask)."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def test_it_exports_the_clusters_with_their_governance_figures(as_user, official, programme, decided):
    response = as_user(official).get(reverse("governance:index"), {"export": "xlsx"})
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[0][:4] == ["Кластер", "Регион", "Год отбора", "Базовая образовательная организация"]
    a1 = next(row for row in rows if row[0] == "Кластер А1")
    # Two voting members today, version 1, one meeting, one open assignment overdue since 2023.
    assert a1[4:7] == [2, 1, 1] and a1[8:] == [1, 1]
    assert [row[0] for row in rows[1:]] == ["Кластер А1", "Кластер А2"]


def test_it_exports_only_the_users_clusters_as_csv(as_user, outsider, programme):
    response = as_user(outsider).get(reverse("governance:index"), {"export": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"] == 'attachment; filename="governance.csv"'
    assert [line.split(";")[0] for line in lines[1:]] == ["Кластер Б"]
