import io
import zipfile

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from profcluster.finance.models import Commitment
from profcluster.imports.models import ImportJob
from profcluster.organisations.models import Organisation

HEADERS = ["ИНН", "Вид", "Краткое наименование", "Полное наименование", "Регион"]
ROWS = [
    ["2225010058", "колледж", "Колледж В", "КГБПОУ «Колледж В»", "22"],
    ["2225010065", "работодатель", "Завод Г", "АО «Завод Г»", "Алтайский край"],
]


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, register, content, name="data.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    response = client.post(reverse("imports:upload", args=[register]), {"file": file})
    return ImportJob.objects.latest("pk") if response.status_code == 302 else response


def test_it_previews_then_imports_all_rows(as_user, official):
    client = as_user(official)
    job = upload(client, "organisations", xlsx(HEADERS, ROWS))
    assert job.status == "checked" and job.result["counts"]["create"] == 2
    assert not Organisation.objects.filter(inn="2225010058").exists()  # the preview wrote nothing
    client.post(reverse("imports:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "applied"
    assert Organisation.objects.get(inn="2225010065").kind == "employer"


def test_it_changes_nothing_when_the_same_file_comes_again(as_user, official):
    client = as_user(official)
    client.post(reverse("imports:apply", args=[upload(client, "organisations", xlsx(HEADERS, ROWS)).pk]))
    history = Organisation.history.count()
    job = upload(client, "organisations", xlsx(HEADERS, ROWS))
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 2}
    client.post(reverse("imports:apply", args=[job.pk]))
    assert Organisation.history.count() == history


def test_it_names_the_row_and_column_of_a_bad_value_and_writes_nothing(as_user, official):
    rows = [ROWS[0], ["2225010066", "работодатель", "Завод Д", "АО «Завод Д»", "22"]]
    client = as_user(official)
    job = upload(client, "organisations", xlsx(HEADERS, rows))
    assert job.status == "failed"
    assert job.result["errors"] == ["строка 3, ИНН: Неверное контрольное число ИНН."]
    response = client.post(reverse("imports:apply", args=[job.pk]))
    assert response.status_code == 404
    assert not Organisation.objects.filter(inn="2225010058").exists()


def test_it_reports_a_lost_leading_zero(as_user, official):
    job = upload(as_user(official), "organisations", xlsx(HEADERS, [[225010019, "колледж", "А", "А", "22"]]))
    assert "ведущий ноль" in job.result["errors"][0] and job.result["errors"][0].startswith("строка 2, ИНН")


def test_it_matches_headers_by_synonym_case_and_spacing(as_user, official):
    headers = ["  инн ", "ТИП", "наименование", "Полное   наименование", "Код региона"]
    job = upload(as_user(official), "organisations", xlsx(headers, ROWS[:1]))
    assert job.status == "checked"


def test_it_reports_a_missing_required_column(as_user, official):
    job = upload(as_user(official), "organisations", xlsx(HEADERS[:4], ROWS))
    assert job.result["errors"] == ["Нет колонки «Регион»."]


def test_it_reads_a_windows_1251_csv_with_russian_numbers(as_user, official, world):
    from profcluster.finance.models import SpendingCategory
    from profcluster.finance.services import budget_revise

    equipment = SpendingCategory.objects.get(code="equipment")
    budget_revise(
        cluster=world.cluster_a,
        year=2023,
        reason="План",
        user=official,
        amounts={("federal", equipment.pk): 10**8},
    )
    text = (
        "Кластер;Номер;Дата;Год;Источник;Направление расходов;ИНН организации;Сумма\r\n"
        "Кластер А1;Д-1;15.03.2023;2023;федеральный бюджет;Оборудование;"
        f"{world.college_a.inn};1 234 567,89\r\n"
    )
    client = as_user(official)
    job = upload(client, "commitments", text.encode("cp1251"), name="contracts.csv")
    assert job.status == "checked", job.result["errors"]
    client.post(reverse("imports:apply", args=[job.pk]))
    assert str(Commitment.objects.get(number="Д-1").amount) == "1234567.89"


def test_it_refuses_rows_outside_the_users_scope(as_user, official, outsider, world):
    job = upload(
        as_user(official), "organisations", xlsx(HEADERS, [["5406010023", "колледж", "Б2", "Б2", "54"]])
    )
    assert job.result["errors"] == ["строка 2: запись оказалась бы вне области, которую вы можете изменять"]
    rows = [[world.college_a.inn, "колледж", "Захват", "Захват", "22"]]
    job = upload(as_user(outsider), "organisations", xlsx(HEADERS, rows))
    assert job.result["errors"] == ["строка 2: нет прав на изменение этой записи"]
    world.college_a.refresh_from_db()
    assert world.college_a.short_name == "Колледж А"


def test_it_refuses_a_decompression_bomb(as_user, official):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    job = upload(as_user(official), "organisations", buffer.getvalue())
    assert job.status == "failed" and "слишком" in job.result["errors"][0]


def test_it_refuses_other_file_types(as_user, official):
    response = upload(as_user(official), "organisations", b"%PDF-1.4", name="scan.pdf")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_it_processes_large_files_in_the_background_with_progress(as_user, official, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    client = as_user(official)
    job = upload(client, "organisations", xlsx(HEADERS, ROWS))
    # The test settings run background tasks at once; in production `profcluster db_worker` does.
    assert (job.status, job.done_rows, job.total_rows) == ("checked", 2, 2)
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200


def test_it_keeps_uploads_to_their_author(as_user, official, outsider):
    job = upload(as_user(official), "organisations", xlsx(HEADERS, ROWS))
    assert as_user(outsider).get(job.get_absolute_url()).status_code == 404
    assert as_user(outsider).post(reverse("imports:apply", args=[job.pk])).status_code == 404


def test_it_offers_a_template_with_an_example_and_explanations(as_user, official):
    response = as_user(official).get(reverse("imports:template", args=["organisations"]))
    workbook = load_workbook(io.BytesIO(response.content))
    first, notes = workbook.worksheets
    assert [c.value for c in first[1]][:3] == ["ИНН", "Вид", "Краткое наименование"]
    assert first["A2"].value == "2225010019"
    assert notes["A2"].value == "ИНН" and notes["B2"].value == "обязательная"


def test_it_matches_a_person_without_a_patronymic_on_reimport(as_user, official, world):
    headers = ["ИНН организации", "Фамилия", "Имя", "Отчество", "Должность"]
    rows = [[world.college_a.inn, "Иванова", "Мария", "", "Методист"]]
    client = as_user(official)
    client.post(reverse("imports:apply", args=[upload(client, "people", xlsx(headers, rows)).pk]))
    job = upload(client, "people", xlsx(headers, rows))
    assert job.result["counts"] == {"create": 0, "update": 0, "unchanged": 1}


def test_it_makes_the_cached_boards_old_when_the_worker_applies_a_file(as_user, official, settings):
    from profcluster.core import datacache
    from profcluster.imports.tasks import process_import_job

    settings.BOARD_CACHE_SECONDS = 600
    job = upload(as_user(official), "organisations", xlsx(HEADERS, ROWS))
    ImportJob.objects.filter(pk=job.pk).update(apply_requested=True)  # as the apply view leaves it
    before = datacache.data_version()
    process_import_job.call(job.pk)
    assert Organisation.objects.filter(inn="2225010065").exists() and datacache.data_version() != before
