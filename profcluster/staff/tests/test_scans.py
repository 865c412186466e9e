import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profcluster.staff.models import ScanAccess, TrainingRecord
from profcluster.staff.tests.conftest import PDF, PNG, make_record


def record_data(staff, scan):
    return {
        "course": staff.course.pk,
        "date_from": "2023-09-04",
        "date_to": "2023-10-13",
        "status": "completed",
        "document_kind": "certificate",
        "document_series": "22",
        "document_number": "2200015",
        "document_date": "2023-10-13",
        "scan": scan,
    }


def upload(client, staff, name, content):
    url = reverse("staff:trainingrecord_add", args=[staff.teacher.pk])
    return client.post(url, record_data(staff, SimpleUploadedFile(name, content)))


def test_it_stores_a_scan_under_the_media_root(as_user, official, staff, media):
    response = upload(as_user(official), staff, "Шишкина удостоверение.pdf", PDF)
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    stored = Path(record.scan.path)
    assert stored.is_relative_to(media) and stored.read_bytes() == PDF
    assert "Шишкина" not in record.scan.name and record.scan.name.endswith(".pdf")


def test_it_refuses_a_scan_larger_than_5_mb(as_user, official, staff, media):
    response = upload(as_user(official), staff, "big.pdf", PDF + b"0" * (5 * 1024 * 1024))
    assert "scan" in response.context["form"].errors
    assert not TrainingRecord.objects.exists()


def test_it_refuses_other_file_types(as_user, official, staff, media):
    response = upload(as_user(official), staff, "macro.docx", b"PK\x03\x04" + b"0" * 100)
    assert "scan" in response.context["form"].errors
    assert not TrainingRecord.objects.exists()


def test_it_refuses_a_file_whose_content_does_not_match_its_extension(as_user, official, staff, media):
    client = as_user(official)
    assert "scan" in upload(client, staff, "fake.pdf", PNG).context["form"].errors
    assert "scan" in upload(client, staff, "fake.png", b"MZ\x90\x00" + b"0" * 100).context["form"].errors
    assert not TrainingRecord.objects.exists()
    assert upload(client, staff, "real.png", PNG).status_code == 302


def scanned_record(staff, media):
    from django.core.files.base import ContentFile

    record = make_record(staff.teacher, staff.course, datetime.date(2023, 10, 13))
    record.scan.save("x.pdf", ContentFile(PDF))
    return record


def test_it_serves_the_scan_to_those_who_may_read_personal_data_and_logs_it(as_user, manager, staff, media):
    record = scanned_record(staff, media)
    response = as_user(manager).get(reverse("staff:trainingrecord_scan", args=[record.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]
    access = ScanAccess.objects.get()
    assert (access.record, access.user) == (record, manager)


def test_it_hides_the_scan_from_those_who_only_see_the_name(
    as_user, employer, auditor, outsider, staff, media
):
    record = scanned_record(staff, media)
    url = reverse("staff:trainingrecord_scan", args=[record.pk])
    assert [as_user(user).get(url).status_code for user in (employer, auditor, outsider)] == [404, 404, 404]
    assert not ScanAccess.objects.exists()
    passport = as_user(employer).get(reverse("staff:staffmember_detail", args=[staff.teacher.pk]))
    assert url not in passport.text


def test_it_shows_who_viewed_the_scans_on_the_passport(as_user, official, staff, media):
    record = scanned_record(staff, media)
    client = as_user(official)
    client.get(reverse("staff:trainingrecord_scan", args=[record.pk]))
    passport = client.get(reverse("staff:staffmember_detail", args=[staff.teacher.pk]))
    assert [a.user for a in passport.context["scan_accesses"]] == [official]
