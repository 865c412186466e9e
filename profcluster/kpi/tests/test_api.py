"""Indicators, targets, reports and manual values over the API: the gate, the services and the rules."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from profcluster.kpi.models import Indicator, ManualValue, Report, ReportValue, Target
from profcluster.staff.tests.conftest import PDF

TARGETS = "/api/kpi/targets/"
VALUES = "/api/kpi/manual-values/"


def target(cluster, indicator, value="10", year=2026):
    return Target.objects.create(cluster=cluster, indicator=indicator, year=year, value=Decimal(value))


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_it_shows_an_outsider_nothing_of_altai(as_user, outsider, world, manual_indicator, period):
    row = target(world.cluster_a, manual_indicator)
    Report.objects.create(cluster=world.cluster_a, period=period)
    client = as_user(outsider)
    assert client.get(f"{TARGETS}{row.pk}/").status_code == 404
    assert client.get(TARGETS).json()["count"] == 0
    assert client.get("/api/kpi/reports/").json()["count"] == 0
    assert client.get("/api/kpi/indicators/").json()["count"] == Indicator.objects.count()


def test_it_lists_targets_in_the_region_and_the_cluster(as_user, official, manager, world, manual_indicator):
    for cluster in (world.cluster_a, world.cluster_a2, world.cluster_b):
        target(cluster, manual_indicator)
    assert as_user(official).get(TARGETS).json()["count"] == 2
    clusters = [t["cluster"] for t in as_user(manager).get(TARGETS).json()["results"]]
    assert clusters == [world.cluster_a.pk]


def test_it_sets_a_target_through_the_service(as_user, federal, official, world, manual_indicator):
    data = {"cluster": world.cluster_a.pk, "indicator": manual_indicator.pk, "year": 2026, "value": "75.5"}
    response = post(as_user(federal), TARGETS, data)
    assert response.status_code == 201, response.json()
    assert Target.objects.get(cluster=world.cluster_a).value == Decimal("75.5")
    row = Target.objects.get()
    response = as_user(official).patch(
        f"{TARGETS}{row.pk}/", {"value": "80"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["value"] == "80.0000"
    assert Target.objects.get().value == 80


def test_it_refuses_targets_from_a_manager_and_outside_the_scope(
    as_user, manager, outsider, world, manual_indicator
):
    data = {"cluster": world.cluster_a.pk, "indicator": manual_indicator.pk, "year": 2026, "value": "75"}
    response = post(as_user(manager), TARGETS, data)
    assert response.status_code == 403
    assert (
        response.json()["detail"]
        == "Целевые значения устанавливают региональное министерство или федеральный оператор."
    )
    response = post(as_user(outsider), TARGETS, data)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["cluster"]
    assert not Target.objects.exists()


def test_it_lets_only_the_federal_operator_define_indicators(as_user, federal, official):
    data = {"code": "workshops", "name": "Мастерские", "unit": "units"}
    assert post(as_user(official), "/api/kpi/indicators/", data).status_code == 403
    response = post(as_user(federal), "/api/kpi/indicators/", {**data, "formula": "nope"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["formula"]
    assert post(as_user(federal), "/api/kpi/indicators/", data).status_code == 201
    assert Indicator.objects.get(code="workshops").name == "Мастерские"


def evidence():
    return SimpleUploadedFile("act.pdf", PDF, content_type="application/pdf")


def test_it_enters_a_manual_value_with_evidence_and_hides_its_path(
    as_user, manager, world, manual_indicator, period, media
):
    data = {"cluster": world.cluster_a.pk, "indicator": manual_indicator.pk, "period": period.pk}
    data |= {"value": "75", "justification": "Акт ввода", "evidence": evidence()}
    response = as_user(manager).post(VALUES, data)
    assert response.status_code == 201, response.json()
    value = ManualValue.objects.get()
    assert (value.value, value.entered_by) == (75, manager)
    body = as_user(manager).get(f"{VALUES}{value.pk}/").json()
    assert "evidence" not in body and body["evidence_url"] == f"/kpi/evidence/{value.pk}/"
    assert value.evidence.name not in str(body)


def test_it_refuses_a_manual_value_of_a_closed_period(
    as_user, manager, world, manual_indicator, period, media
):
    period.closed = True
    period.save()
    data = {"cluster": world.cluster_a.pk, "indicator": manual_indicator.pk, "period": period.pk}
    data |= {"value": "75", "justification": "Акт", "evidence": evidence()}
    response = as_user(manager).post(VALUES, data)
    assert response.status_code == 400
    assert "заблокированы" in str(response.json()["errors"])
    assert not ManualValue.objects.exists()


def test_it_reads_a_report_with_its_frozen_values(as_user, official, world, manual_indicator, period):
    report = Report.objects.create(
        cluster=world.cluster_a,
        period=period,
        status="submitted",
        submitted_at=datetime.datetime.now(datetime.UTC),
    )
    ReportValue.objects.create(
        report=report, indicator=manual_indicator, value=Decimal("60"), target=Decimal("70")
    )
    body = as_user(official).get(f"/api/kpi/reports/{report.pk}/").json()
    assert body["status"] == "submitted"
    assert body["values"] == [{"indicator": manual_indicator.pk, "value": "60.0000", "target": "70.0000"}]
    assert as_user(official).delete(f"/api/kpi/reports/{report.pk}/").status_code == 405


def test_it_keeps_the_report_list_query_count_flat(
    as_user, federal, world, manual_indicator, period, django_assert_max_num_queries
):
    client = as_user(federal)
    Report.objects.create(cluster=world.cluster_a, period=period)
    with django_assert_max_num_queries(10) as few:
        client.get("/api/kpi/reports/")
    for cluster in (world.cluster_a2, world.cluster_b):
        report = Report.objects.create(cluster=cluster, period=period)
        ReportValue.objects.create(report=report, indicator=manual_indicator, value=Decimal("1"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/kpi/reports/")
    assert response.json()["count"] == 3
