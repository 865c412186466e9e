import io

from django.urls import reverse
from openpyxl import load_workbook

from profcluster.governance.tests.helpers import docx_text, pdf_text
from profcluster.kpi.models import ReportJob


def test_it_builds_the_passport_in_russian_as_docx(as_user, data, period, official):
    response = as_user(official).get(
        reverse("kpi:passport", args=[data.cluster_a.pk, "docx"]),
        {"period": period.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = docx_text(response.content)
    assert "ПАСПОРТ КЛАСТЕРА" in text and "Кластер А1" in text
    assert "Работодатель А" in text and "29.02.10" in text  # participants and programmes
    assert "100 000 000,00 ₽" in text.replace("\u00a0", " ")  # money by source
    assert "Численность обучающихся (обучается)" in text and "66,7 %" in text.replace("\u00a0", " ")


def test_it_builds_the_passport_as_pdf(as_user, data, period, manager):
    response = as_user(manager).get(
        reverse("kpi:passport", args=[data.cluster_a.pk, "pdf"]), {"period": period.pk}
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "ПАСПОРТ КЛАСТЕРА" in text and "Показатели и целевые значения" in text


def job(client, kind, period, **extra):
    response = client.post(reverse("kpi:job_add"), {"kind": kind, "period": period.pk, **extra})
    return ReportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def test_it_generates_the_regional_summary_in_the_background(as_user, data, period, official):
    client = as_user(official)
    generated = job(client, "regional", period, region=data.region_a.pk)
    assert (generated.status, generated.percent) == ("done", 100)
    workbook = load_workbook(io.BytesIO(client.get(reverse("kpi:job_download", args=[generated.pk])).content))
    assert workbook.sheetnames == ["Показатели", "Целевые значения", "Статусы", "Сравнение", "Отчёты"]
    rows = list(workbook["Показатели"].values)
    assert [r[1] for r in rows[1:]] == ["Кластер А1", "Кластер А2"]
    assert rows[1][2] == 2  # students studying of A1


def test_it_exports_one_row_per_cluster_in_the_fixed_layout(as_user, data, period, federal, official):
    generated = job(as_user(federal), "federal", period)
    content = as_user(federal).get(reverse("kpi:job_download", args=[generated.pk])).content
    rows = list(load_workbook(io.BytesIO(content))["Кластеры"].values)
    assert rows[0][:3] == ("Код региона", "Регион", "Кластер") and len(rows[0]) == 22
    assert sorted(r[2] for r in rows[1:]) == ["Кластер А1", "Кластер А2", "Кластер Б"]
    # A job and its file are its author's alone; the official's own export holds only its region.
    assert as_user(official).get(reverse("kpi:job_download", args=[generated.pk])).status_code == 404
    mine = job(as_user(official), "federal", period)
    rows = list(load_workbook(io.BytesIO(bytes(mine.content)))["Кластеры"].values)
    assert sorted(r[2] for r in rows[1:]) == ["Кластер А1", "Кластер А2"]


def test_it_shows_progress_to_htmx_while_a_job_runs(as_user, data, period, official):
    created = ReportJob.objects.create(
        user=official, kind="regional", period=period, total_steps=4, done_steps=1
    )
    response = as_user(official).get(reverse("kpi:job", args=[created.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in response.text and "25 %" in response.text
