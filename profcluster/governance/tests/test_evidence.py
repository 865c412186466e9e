"""Spending categories of an activity, and evidence files served only through the gate."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profcluster.finance.models import SpendingCategory
from profcluster.governance.models import Activity, ActivityEvidence, Programme
from profcluster.governance.models.evidence import EVIDENCE_MAX_BYTES
from profcluster.governance.services import programme_revise
from profcluster.governance.tests.test_programme import activity_data

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def upload(client, activity, name="акт.pdf", content=PDF, note="Акт выполненных работ"):
    url = reverse("governance:evidence_add", args=[activity.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content), "note": note})


def stored(world, programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = programme.activities.first()
    evidence = ActivityEvidence(activity=activity, original_name="акт.pdf", size=len(PDF))
    evidence.content_type = "application/pdf"
    evidence.file.save("акт.pdf", SimpleUploadedFile("акт.pdf", PDF))
    return evidence


def test_it_saves_the_spending_categories_of_an_activity(as_user, manager, world, programme):
    categories = list(SpendingCategory.objects.all()[:2])
    data = activity_data(world, spending_categories=[c.pk for c in categories])
    response = as_user(manager).post(reverse("governance:activity_add", args=[programme.pk]), data)
    assert response.status_code == 302
    activity = programme.activities.get(title=data["title"])
    assert list(activity.spending_categories.all()) == categories
    page = as_user(manager).get(activity.get_absolute_url())
    assert categories[0].name in page.content.decode()


def test_it_copies_the_categories_and_evidence_into_a_revision(world, programme, settings, tmp_path):
    evidence = stored(world, programme, settings, tmp_path)
    activity = evidence.activity
    activity.spending_categories.set(SpendingCategory.objects.all()[:2])
    revision = programme_revise(programme=programme)
    copy = revision.activities.get(title=activity.title)
    assert set(copy.spending_categories.all()) == set(activity.spending_categories.all())
    assert copy.spending_categories.count() == 2
    assert copy.evidence.get().file.name == evidence.file.name
    assert list(activity.evidence.all()) == [evidence]


def test_it_reads_and_writes_the_categories_over_the_api(as_user, manager, programme):
    activity = programme.activities.first()
    ids = sorted(SpendingCategory.objects.values_list("pk", flat=True)[:2])
    url = f"/api/governance/activities/{activity.pk}/"
    response = as_user(manager).patch(url, {"spending_categories": ids}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert sorted(as_user(manager).get(url).json()["spending_categories"]) == ids
    assert sorted(activity.spending_categories.values_list("pk", flat=True)) == ids


def test_it_uploads_an_evidence_file_under_a_random_name(as_user, manager, programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = programme.activities.first()
    response = upload(as_user(manager), activity)
    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    evidence = activity.evidence.get()
    assert (evidence.original_name, evidence.size, evidence.content_type) == (
        "акт.pdf",
        len(PDF),
        "application/pdf",
    )
    assert evidence.uploaded_by == manager and evidence.file.name.startswith("governance/evidence/")
    assert "акт" not in evidence.file.name and (tmp_path / evidence.file.name).read_bytes() == PDF
    page = as_user(manager).get(activity.get_absolute_url()).content.decode()
    assert "акт.pdf" in page and evidence.download_url in page


def test_it_refuses_a_pdf_that_is_really_text(as_user, manager, programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = programme.activities.first()
    response = upload(as_user(manager), activity, content=b"just some text, not a PDF")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Содержимое файла не является документом PDF."]
    assert not ActivityEvidence.objects.exists() and not list(tmp_path.rglob("*.pdf"))


def test_it_refuses_a_file_over_10_mb(as_user, manager, programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = PDF + b"0" * (EVIDENCE_MAX_BYTES + 1 - len(PDF))
    response = upload(as_user(manager), programme.activities.first(), content=content)
    assert response.context["form"].errors["file"] == ["Файл больше 10 МБ."]
    assert not ActivityEvidence.objects.exists()


def test_it_lets_only_those_who_may_change_upload(as_user, employer, programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = programme.activities.first()
    assert upload(as_user(employer), activity).status_code == 404
    assert "evidence_form" not in as_user(employer).get(activity.get_absolute_url()).context
    assert not ActivityEvidence.objects.exists()


def test_it_serves_the_file_to_the_region_official_as_an_attachment(
    as_user, official, world, programme, settings, tmp_path
):
    evidence = stored(world, programme, settings, tmp_path)
    response = as_user(official).get(evidence.download_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"


def test_it_hides_the_file_from_an_outsider(as_user, outsider, world, programme, settings, tmp_path):
    evidence = stored(world, programme, settings, tmp_path)
    assert as_user(outsider).get(evidence.download_url).status_code == 404
    delete = reverse("governance:evidence_delete", args=[evidence.pk])
    assert as_user(outsider).post(delete).status_code == 404
    assert ActivityEvidence.objects.filter(pk=evidence.pk).exists()


def test_it_hides_the_file_from_an_employer_of_another_cluster(
    as_user, employer, world, programme, settings, tmp_path
):
    evidence = stored(world, programme, settings, tmp_path)
    assert as_user(employer).get(evidence.download_url).status_code == 200
    other = Programme.objects.create(
        cluster=world.cluster_b,
        title="Программа Б",
        period_start=date(2023, 1, 1),
        period_end=date(2025, 12, 31),
    )
    Activity.objects.filter(pk=evidence.activity_id).update(programme=other)
    assert as_user(employer).get(evidence.download_url).status_code == 404


def test_it_deletes_the_row_and_the_stored_file(
    as_user, manager, world, programme, settings, tmp_path, django_capture_on_commit_callbacks
):
    evidence = stored(world, programme, settings, tmp_path)
    path = tmp_path / evidence.file.name
    url = reverse("governance:evidence_delete", args=[evidence.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(manager).post(url)
    assert response.url == evidence.activity.get_absolute_url()
    assert not ActivityEvidence.objects.exists() and not path.exists()
