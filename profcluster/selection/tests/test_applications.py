import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profcluster.reference.models import Industry
from profcluster.selection.models import Application, Attachment, PlannedProgramme, Transition
from profcluster.selection.tests.conftest import PDF, make_application


def application_data(call, world, **overrides):
    data = {
        "call": call.pk,
        "region": world.region_a.pk,
        "cluster_name": "ОПЦ швейной отрасли",
        "industry": Industry.objects.get(slug="light-industry").pk,
        "base_college": world.college_a.pk,
        "summary": "Швейное производство",
        "change_reason": "",
    }
    return {**data, **overrides}


def submit(client, application, to="submitted", comment=""):
    url = reverse("selection:application_transition", args=[application.pk])
    return client.post(url, {"to": to, "comment": comment})


def test_it_lets_a_regional_official_draft_an_application(as_user, official, call, world):
    response = as_user(official).post(reverse("selection:application_add"), application_data(call, world))
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert (application.status, application.region) == ("draft", world.region_a)
    assert application.history.get().history_user == official


def test_it_refuses_an_industry_the_call_does_not_allow(as_user, official, call, world):
    data = application_data(call, world, industry=Industry.objects.get(slug="it").pk)
    response = as_user(official).post(reverse("selection:application_add"), data)
    assert "industry" in response.context["form"].errors
    assert not Application.objects.exists()


def test_it_refuses_another_regions_application(as_user, official, call, world):
    data = application_data(call, world, region=world.region_b.pk, base_college=world.college_b.pk)
    response = as_user(official).post(reverse("selection:application_add"), data)
    assert "region" in response.context["form"].errors
    assert not Application.objects.exists()


def test_it_checks_the_fgos_code_format_of_planned_programmes(as_user, official, application):
    client, url = as_user(official), reverse("selection:programme_add", args=[application.pk])
    response = client.post(url, {"code": "29.03.10", "name": "Неверный код", "planned_intake": 25})
    assert "code" in response.context["form"].errors
    response = client.post(url, {"code": "29.01.33", "name": "Швея", "planned_intake": 20})
    assert response.status_code == 302
    assert list(application.programmes.values_list("code", flat=True)) == ["29.01.33", "29.02.10"]


def test_it_submits_and_then_locks_the_application(as_user, official, application, call, world):
    client = as_user(official)
    assert submit(client, application).status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    step = Transition.objects.get()
    assert (step.from_status, step.to_status, step.user) == ("draft", "submitted", official)
    edit = reverse("selection:application_edit", args=[application.pk])
    assert client.post(edit, application_data(call, world, cluster_name="Другое")).status_code == 403
    add = reverse("selection:programme_add", args=[application.pk])
    assert client.post(add, {"code": "29.01.33", "name": "Швея", "planned_intake": 1}).status_code == 403
    row = application.programmes.get()
    assert client.post(reverse("selection:programme_delete", args=[row.pk])).status_code == 403
    application.refresh_from_db()
    assert (application.cluster_name, application.programmes.count()) == ("ОПЦ швейной отрасли", 1)


def test_it_accepts_submissions_only_within_the_window(as_user, official, application, call):
    call.closes_on = call.opens_on = datetime.date(2024, 1, 1)
    call.save()
    response = submit(as_user(official), application)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "draft" and not Transition.objects.exists()


def test_it_refuses_to_submit_an_incomplete_application(as_user, official, call, world):
    application = make_application(call, world, complete=False)
    submit(as_user(official), application)
    application.refresh_from_db()
    assert application.status == "draft"


def test_it_lets_only_the_federal_operator_review_and_decide(as_user, official, federal, application):
    submit(as_user(official), application)
    assert submit(as_user(official), application, "under_review").status_code == 403
    client = as_user(federal)
    submit(client, application, "under_review")
    submit(client, application, "selected")
    application.refresh_from_db()
    assert application.status == "selected"
    steps = list(application.transitions.values_list("to_status", "user__username"))
    assert steps == [("submitted", "official"), ("under_review", "federal"), ("selected", "federal")]


def test_it_returns_a_submitted_application_only_with_a_reason(as_user, official, federal, application):
    submit(as_user(official), application)
    client = as_user(federal)
    submit(client, application, "draft")
    application.refresh_from_db()
    assert application.status == "submitted"
    submit(client, application, "draft", comment="Уточните бюджет")
    application.refresh_from_db()
    assert application.status == "draft"


def test_it_hides_applications_from_another_region(as_user, outsider, official, application):
    client = as_user(outsider)
    for name in ("application_detail", "application_edit", "programme_add", "attachment_add"):
        assert client.get(reverse(f"selection:{name}", args=[application.pk])).status_code == 404
    assert submit(client, application).status_code == 404
    assert list(client.get(reverse("selection:application_list")).context["object_list"]) == []
    listed = as_user(official).get(reverse("selection:application_list")).context["object_list"]
    assert list(listed) == [application]


def test_it_stores_a_pdf_and_serves_it_only_through_the_gate(as_user, official, outsider, application, media):
    url = reverse("selection:attachment_add", args=[application.pk])
    upload = SimpleUploadedFile("заявка.pdf", PDF, content_type="application/pdf")
    response = as_user(official).post(url, {"title": "Заявка", "file": upload})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (media / attachment.file.name).read_bytes() == PDF
    download = reverse("selection:attachment_download", args=[attachment.pk])
    response = as_user(official).get(download)
    assert b"".join(response.streaming_content) == PDF and response["Content-Type"] == "application/pdf"
    assert as_user(outsider).get(download).status_code == 404


def test_it_refuses_a_renamed_file_and_a_too_large_pdf(as_user, official, application, media):
    client, url = as_user(official), reverse("selection:attachment_add", args=[application.pk])
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert "file" in client.post(url, {"title": "Exe", "file": fake}).context["form"].errors
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    assert "file" in client.post(url, {"title": "Big", "file": big}).context["form"].errors
    assert not Attachment.objects.exists()


def test_it_keeps_the_application_list_query_count_flat(
    as_user, federal, call, world, django_assert_max_num_queries
):
    client = as_user(federal)
    make_application(call, world, complete=False)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("selection:application_list"))
    for index in range(10):
        make_application(call, world, name=f"Заявка {index}", complete=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("selection:application_list"))
    assert len(response.context["object_list"]) == 11


def test_it_shows_the_application_with_its_rows_and_history(as_user, official, application):
    response = as_user(official).get(application.get_absolute_url())
    assert response.status_code == 200 and response.context["can_edit"]
    assert "29.02.10" in response.text and "100\u00a0000\u00a0000,00\u00a0₽" in response.text
    assert response.context["history"]
    assert PlannedProgramme.objects.count() == 1
