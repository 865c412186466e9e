"""Reporting periods, targets of the three Altai clusters and their 2023 reports."""

import datetime
from decimal import Decimal

from django.utils import timezone

from profcluster.clusters.models import Cluster
from profcluster.core.seed import DEMO_REASON, upsert
from profcluster.kpi.models import Indicator, Report, ReportingPeriod, ReportTransition, ReportValue, Target
from profcluster.kpi.selectors import compute_values, indicators_for, targets_for

LIGHT, MACHINE, TRANSPORT = "ОПЦ лёгкой промышленности", "ОПЦ машиностроения", "ОПЦ транспортной отрасли"

# Year → indicator → target, per cluster. Money follows the seed: 2022 light industry 100 + 20 + 10 млн ₽;
# 2023 machine building and transport together 10 млн ₽ regional and more than 22 млн ₽ extra-budgetary.
BASE = {
    "students_studying": 300,
    "intake_fulfilment": 100,
    "targeted_share": 30,
    "practice_hours": 20000,
    "demo_exam_pass_rate": 85,
    "employment_12": 80,
    "staff_trained": 100,
    "practitioner_hours": 600,
    "employers_participating": 3,
    "attracted_per_federal": Decimal("0.30"),
    "activities_done": 10,
    "activities_overdue": 0,
}
MONEY = {
    LIGHT: {"cofinancing_regional": 10_000_000, "cofinancing_non_budget": 20_000_000},
    MACHINE: {"cofinancing_regional": 5_000_000, "cofinancing_non_budget": 11_000_000},
    TRANSPORT: {"cofinancing_regional": 5_000_000, "cofinancing_non_budget": 11_000_000},
}
SCALE = {LIGHT: Decimal("1.0"), MACHINE: Decimal("0.8"), TRANSPORT: Decimal("0.8")}
GROWTH = {2023: Decimal("1.0"), 2024: Decimal("1.1"), 2025: Decimal("1.2")}
RELATIVE = {"intake_fulfilment", "targeted_share", "demo_exam_pass_rate", "employment_12", "staff_trained"}


def _target(code, cluster_name, year) -> Decimal:
    if code in MONEY[cluster_name]:
        return Decimal(MONEY[cluster_name][code])
    value = Decimal(BASE[code])
    if code in RELATIVE or code in ("attracted_per_federal", "activities_overdue"):
        return value
    return (value * SCALE[cluster_name] * GROWTH[year]).quantize(Decimal(1))


def _periods():
    periods = {}
    period, _ = upsert(
        ReportingPeriod,
        {"kind": "year", "year": 2023},
        {"quarter": None, "deadline": datetime.date(2024, 2, 15), "closed": True},
    )
    periods[2023] = period
    for quarter, deadline in enumerate(
        [(2024, 4, 20), (2024, 7, 20), (2024, 10, 20), (2025, 1, 20)], start=1
    ):
        upsert(
            ReportingPeriod,
            {"kind": "quarter", "year": 2024, "quarter": quarter},
            {"deadline": datetime.date(*deadline), "closed": True},
        )
    periods[2025], _ = upsert(
        ReportingPeriod,
        {"kind": "year", "year": 2025},
        {"quarter": None, "deadline": datetime.date(2026, 2, 15), "closed": False},
    )
    return periods


def _report(cluster, period, *, approved: bool) -> None:
    submitted_at = timezone.make_aware(datetime.datetime(2024, 2, 10, 12, 0))
    status = Report.Status.APPROVED if approved else Report.Status.DRAFT
    report, _ = upsert(
        Report,
        {"cluster": cluster, "period": period},
        {"status": status, "submitted_at": submitted_at if approved else None},
    )
    if not approved or report.values.exists():
        return
    single = Cluster.objects.filter(pk=cluster.pk)
    indicators = indicators_for(period)
    values, targets = compute_values(indicators, single, period), targets_for(single, period.year)
    ReportValue.objects.bulk_create(
        ReportValue(
            report=report,
            indicator=i,
            value=None if values.get((i.pk, cluster.pk)) is None else round(values[(i.pk, cluster.pk)], 4),
            target=targets.get((i.pk, cluster.pk)),
        )
        for i in indicators
    )
    for step, (old, new) in enumerate([("draft", "submitted"), ("submitted", "approved")]):
        ReportTransition.objects.create(
            report=report,
            from_status=old,
            to_status=new,
            at=submitted_at + datetime.timedelta(days=3 * step),
            comment=DEMO_REASON,
        )


def load(out) -> None:
    periods = _periods()
    clusters = {
        c.name: c for c in Cluster.objects.filter(region__code="22", name__in=[LIGHT, MACHINE, TRANSPORT])
    }
    indicators = {i.code: i for i in Indicator.objects.all()}
    for name, cluster in clusters.items():
        for year in GROWTH:
            for code, indicator in indicators.items():
                if code in BASE or code in MONEY[name]:
                    upsert(
                        Target,
                        {"cluster": cluster, "indicator": indicator, "year": year},
                        {"value": _target(code, name, year)},
                    )
    for name, cluster in clusters.items():
        _report(cluster, periods[2023], approved=name == LIGHT)
    out.write("KPI: periods, targets and 2023 reports are loaded.\n")
