import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profcluster.education.models import Student
from profcluster.kpi.models import LockException, ManualValue, Report, ReportTransition
from profcluster.staff.tests.conftest import PDF


def url(name, world, period, *extra):
    return reverse(f"kpi:{name}", args=[world.cluster_a.pk, period.pk, *extra])


def submit(client, world, period):
    return client.post(url("report_submit", world, period))


def test_it_walks_the_whole_cycle_and_logs_every_step(as_user, data, period, manager, official, federal):
    assert submit(as_user(manager), data, period).status_code == 302
    as_user(official).post(url("report_approve", data, period))
    as_user(federal).post(url("report_accept", data, period))
    report = Report.objects.get(cluster=data.cluster_a, period=period)
    assert report.status == "accepted"
    steps = list(ReportTransition.objects.filter(report=report).values_list("to_status", "user__username"))
    assert steps == [("submitted", "manager"), ("approved", "official"), ("accepted", "federal")]


def test_it_returns_a_report_with_a_comment_and_takes_it_again(as_user, data, period, manager, official):
    submit(as_user(manager), data, period)
    client = as_user(official)
    client.post(url("report_return", data, period), {"comment": ""})
    assert Report.objects.get(cluster=data.cluster_a).status == "submitted"  # a return needs a reason
    client.post(url("report_return", data, period), {"comment": "Проверьте приём"})
    report = Report.objects.get(cluster=data.cluster_a)
    assert (report.status, report.comment) == ("returned", "Проверьте приём")
    submit(as_user(manager), data, period)
    report.refresh_from_db()
    assert report.status == "submitted" and report.transitions.count() == 3


def test_it_lets_only_the_right_roles_act(
    as_user, data, period, manager, official, employer, outsider, federal
):
    assert submit(as_user(employer), data, period).status_code == 404
    assert submit(as_user(outsider), data, period).status_code == 404
    assert submit(as_user(federal), data, period).status_code == 403
    submit(as_user(manager), data, period)
    assert as_user(manager).post(url("report_approve", data, period)).status_code == 403
    assert as_user(official).post(url("report_accept", data, period)).status_code == 403
    assert Report.objects.get(cluster=data.cluster_a).status == "submitted"


def test_it_freezes_the_values_at_submission_and_shows_the_difference(as_user, data, period, manager):
    submit(as_user(manager), data, period)
    Student.objects.filter(surname="Дмитриев").update(status="expelled")
    report = Report.objects.get(cluster=data.cluster_a)
    frozen = report.values.get(indicator__code="students_studying")
    assert frozen.value == 2
    response = as_user(manager).get(url("report", data, period))
    line = next(x for x in response.context["lines"] if x["figure"].indicator.code == "students_studying")
    assert (line["snapshot"].value, line["figure"].value, line["changed"]) == (2, 1, True)
    assert "изменилось после представления" in response.text


def evidence(name="act.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_it_takes_a_manual_value_only_with_justification_and_real_evidence(
    as_user, world, period, manager, manual_indicator, media
):
    client, target = as_user(manager), url("manual_value", world, period, manual_indicator.pk)
    response = client.post(target, {"value": "75", "justification": "", "evidence": evidence("a.pdf", b"MZ")})
    assert set(response.context["form"].errors) == {"justification", "evidence"}
    response = client.post(target, {"value": "75", "justification": "Акт ввода", "evidence": evidence()})
    assert response.status_code == 302
    value = ManualValue.objects.get()
    assert (value.value, value.entered_by) == (75, manager)
    download = client.get(reverse("kpi:evidence", args=[value.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_it_locks_a_closed_period_unless_an_exception_runs(
    as_user, world, period, manager, official, manual_indicator, media
):
    period.closed = True
    period.save()
    target = url("manual_value", world, period, manual_indicator.pk)
    data = {"value": "10", "justification": "Акт", "evidence": evidence()}
    as_user(manager).post(target, data)
    assert not ManualValue.objects.exists()
    until = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    as_user(official).post(url("lock_exception_add", world, period), {"reason": "Сбой связи", "until": until})
    assert LockException.objects.get().granted_by == official
    as_user(manager).post(target, {**data, "evidence": evidence()})
    assert ManualValue.objects.get().value == 10


def test_it_locks_manual_values_of_a_submitted_report(
    as_user, world, period, manager, manual_indicator, media
):
    submit(as_user(manager), world, period)
    target = url("manual_value", world, period, manual_indicator.pk)
    as_user(manager).post(target, {"value": "10", "justification": "Акт", "evidence": evidence()})
    assert not ManualValue.objects.exists()
    assert Report.objects.get().values.get(indicator=manual_indicator).value is None


def test_it_hides_evidence_from_an_outsider_and_an_employer(
    as_user, world, period, manager, employer, outsider, manual_indicator, media
):
    as_user(manager).post(
        url("manual_value", world, period, manual_indicator.pk),
        {"value": "10", "justification": "Акт", "evidence": evidence()},
    )
    pk = ManualValue.objects.get().pk
    assert as_user(outsider).get(reverse("kpi:evidence", args=[pk])).status_code == 404
    assert as_user(employer).get(reverse("kpi:evidence", args=[pk])).status_code == 404
