"""Background exports: a big list is written by the worker exactly as the page would export it."""

import csv
import io
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from profcluster.conftest import make_organisation, valid_inn
from profcluster.imports.exports import export_job_process
from profcluster.imports.models import ExportJob

CLUSTERS = reverse("clusters:cluster_list")
ORGANISATIONS = reverse("organisations:organisation_list")


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    settings.MEDIA_ROOT = str(tmp_path / "media")


def download(client, job):
    response = client.get(reverse("imports:export_download", args=[job.pk]))
    assert response.status_code == 200
    return response


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    return [[cell.value for cell in row] for row in workbook.active.rows]


def csv_rows(content: bytes):
    return list(csv.reader(StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_it_exports_a_big_filtered_list_in_the_background(as_user, federal, world):
    client = as_user(federal)
    response = client.get(CLUSTERS, {"region": world.region_a.pk, "export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.status, job.done_rows, job.total_rows) == ("done", 2, 2)
    assert f"region={world.region_a.pk}" == job.query
    page = client.get(job.get_absolute_url())
    assert reverse("imports:export_download", args=[job.pk]) in page.text
    rows = xlsx_rows(download(client, job))
    assert [row[0] for row in rows[1:]] == ["Кластер А1", "Кластер А2"]


def test_it_writes_the_same_file_as_the_page_would(as_user, official, world, settings):
    client = as_user(official)
    query = {"q": "Колледж", "export": "csv"}
    settings.EXPORT_SYNC_MAX_ROWS = 5_000
    at_once = client.get(ORGANISATIONS, query).content
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.get(ORGANISATIONS, query)
    assert download(client, ExportJob.objects.get()).getvalue() == at_once
    assert [row[0] for row in csv_rows(at_once)[1:]] == ["Колледж А", "Колледж А2"]


def test_it_writes_the_same_xlsx_as_the_page_would(as_user, official, world, settings):
    client = as_user(official)
    settings.EXPORT_SYNC_MAX_ROWS = 5_000
    at_once = client.get(CLUSTERS, {"export": "xlsx"}).content
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.get(CLUSTERS, {"export": "xlsx"})
    assert download(client, ExportJob.objects.get()).getvalue() == at_once


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_it_exports_only_the_authors_scope(as_user, outsider, world, settings, kind):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    client = as_user(outsider)
    client.get(ORGANISATIONS, {"export": kind})
    response = download(client, ExportJob.objects.get())
    rows = xlsx_rows(response) if kind == "xlsx" else csv_rows(response.getvalue())
    assert [row[0] for row in rows[1:]] == ["Колледж Б"]
    assert response["Content-Disposition"] == f'attachment; filename="organisations.{kind}"'


def test_it_serves_csv_with_its_content_type(as_user, official, world):
    client = as_user(official)
    client.get(ORGANISATIONS, {"export": "csv"})
    response = download(client, ExportJob.objects.get())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response.getvalue())[0][0] == "Краткое наименование"


@pytest.mark.parametrize("persona", ["outsider", "federal", "admin_user"])
def test_it_hides_a_job_and_its_file_from_everybody_else(as_user, official, world, persona, request):
    as_user(official).get(CLUSTERS, {"export": "xlsx"})
    job = ExportJob.objects.get()
    client = as_user(request.getfixturevalue(persona))
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("imports:export_download", args=[job.pk])).status_code == 404
    assert job.get_absolute_url() not in client.get(reverse("imports:index")).text


def test_it_keeps_small_exports_synchronous(as_user, official, world, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    response = as_user(official).get(CLUSTERS, {"export": "xlsx"})
    assert response.status_code == 200
    assert [row[0] for row in xlsx_rows(response)[1:]] == ["Кластер А1", "Кластер А2"]
    assert not ExportJob.objects.exists()


def test_it_writes_formula_like_cells_as_text(as_user, official, world, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    make_organisation(valid_inn(5, "22"), world.region_a, name="=HYPERLINK(1)")
    client = as_user(official)
    client.get(ORGANISATIONS, {"q": "HYPERLINK", "export": "xlsx"})
    client.get(ORGANISATIONS, {"q": "HYPERLINK", "export": "csv"})
    xlsx_job, csv_job = ExportJob.objects.order_by("pk")
    workbook = load_workbook(io.BytesIO(download(client, xlsx_job).getvalue()))
    cell = workbook.active["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")
    assert csv_rows(download(client, csv_job).getvalue())[1][0] == "'=HYPERLINK(1)"


def test_it_redraws_only_the_bar_while_the_file_is_written(as_user, official, world):
    job = ExportJob.objects.create(
        user=official, title="Кластеры", path=CLUSTERS, format="xlsx", total_rows=4
    )
    ExportJob.objects.filter(pk=job.pk).update(done_rows=1, status=ExportJob.Status.RUNNING)
    client = as_user(official)
    response = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in response.text and "25 %" in response.text
    assert "<html" not in response.text
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE)
    assert client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_it_sends_a_second_click_to_the_export_already_under_way(as_user, official, world):
    client = as_user(official)
    running = ExportJob.objects.create(
        user=official, title="Кластеры", path=CLUSTERS, format="xlsx", language="ru"
    )
    response = client.get(CLUSTERS, {"export": "xlsx"})
    assert response["Location"] == running.get_absolute_url()
    assert ExportJob.objects.count() == 1


def test_it_fails_with_a_reason_for_an_address_that_is_no_list(official):
    job = ExportJob.objects.create(user=official, title="?", path="/imports/", format="csv", language="ru")
    job = export_job_process(job=job)
    assert job.status == ExportJob.Status.FAILED and job.error


def test_it_deletes_old_exports_with_their_files(as_user, official, world):
    as_user(official).get(CLUSTERS, {"export": "csv"})
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    ExportJob.objects.update(created_at=timezone.now() - timedelta(days=8))
    call_command("purge_exports", stdout=StringIO())
    assert not ExportJob.objects.exists()
    assert not storage.exists(name)
