"""Reads of the indicators: values, targets, statuses and benchmarks for any set of clusters.

Every function runs a fixed number of queries whatever the number of clusters: formulas aggregate over the
whole set, targets, manual values and reports are fetched in one query each.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.money import share
from profcluster.core.statements import Slot, Statement, compiled
from profcluster.kpi.formulas import FORMULAS, _facts, _prepared, _run, computation
from profcluster.kpi.models import Indicator, ManualValue, Report, ReportingPeriod, Target

ON_TRACK, AT_RISK, MISSED, NO_TARGET, NO_DATA = "on_track", "at_risk", "missed", "no_target", "no_data"
STATUS_ORDER = {MISSED: 0, AT_RISK: 1, NO_DATA: 2, NO_TARGET: 3, ON_TRACK: 4}
MILLION = Decimal(1_000_000)
STATUS_LABELS = {
    ON_TRACK: _("on track"),
    AT_RISK: _("at risk"),
    MISSED: _("missed"),
    NO_TARGET: _("no target"),
    NO_DATA: _("no data"),
}
BENCHMARK_LABELS = {
    "money_per_student": _("Financing per student"),
    "federal_per_student": _("Federal financing per student"),
    "practice_per_student": _("Practice hours per student"),
    "students_per_million": _("Students per million federal roubles"),
}


def kpi_clusters(user):
    """Clusters whose indicators the user reads (see ClusterQuerySet.with_aggregates_for)."""
    return Cluster.objects.with_aggregates_for(user)


def indicators_for(period: ReportingPeriod, among: list[Indicator] | None = None):
    """Quarterly indicators are reported every quarter and for the year; yearly ones only for the year.

    `among` (all definitions, already fetched by the page for another use) picks them without a query.
    """
    if among is not None:
        quarter = period.kind == ReportingPeriod.Kind.QUARTER
        return [
            i for i in among if i.active and not (quarter and i.periodicity != Indicator.Periodicity.QUARTER)
        ]
    indicators = Indicator.objects.filter(active=True)
    if period.kind == ReportingPeriod.Kind.QUARTER:
        indicators = indicators.filter(periodicity=Indicator.Periodicity.QUARTER)
    return list(indicators)


def compute_values(indicators, clusters, period) -> dict[tuple[int, int], Decimal | None]:
    """{(indicator id, cluster id): value} — formulas for computed indicators, entries for manual ones."""
    values: dict[tuple[int, int], Decimal | None] = {}
    manual = [i for i in indicators if i.is_manual]
    with computation():
        for indicator in indicators:
            if indicator.is_manual or indicator.formula not in FORMULAS:
                continue
            for cluster_id, value in FORMULAS[indicator.formula].function(clusters, period).items():
                values[(indicator.pk, cluster_id)] = value
        if manual:
            ids = tuple(sorted(i.pk for i in manual))
            statement = _prepared(("manual", period.pk, ids), lambda: _manual_statement(period.pk, ids))
            values.update(_run(statement, clusters))
    return values


def _manual_statement(period_id: int, indicator_ids: tuple[int, ...]) -> Statement:
    rows = ManualValue.objects.filter(
        cluster__in=Slot(), period_id=period_id, indicator_id__in=indicator_ids
    ).values_list("indicator_id", "cluster_id", "value")
    return compiled(rows, lambda rows: {(indicator, cluster): value for indicator, cluster, value in rows})


def targets_for(clusters, year: int) -> dict[tuple[int, int], Decimal]:
    statement = _prepared(("targets", year), lambda: _targets_statement(year))
    return _run(statement, clusters)


def _targets_statement(year: int) -> Statement:
    rows = Target.objects.filter(cluster__in=Slot(), year=year).values_list(
        "indicator_id", "cluster_id", "value"
    )
    return compiled(rows, lambda rows: {(indicator, cluster): value for indicator, cluster, value in rows})


def reports_for(clusters, period: ReportingPeriod) -> dict[int, Report]:
    """{cluster id: the period's report}."""
    statement = _prepared(("reports", period.pk), lambda: _reports_statement(period.pk))
    return _run(statement, clusters)


def _reports_statement(period_id: int) -> Statement:
    names = [field.attname for field in Report._meta.concrete_fields]
    rows = Report.objects.filter(cluster__in=Slot(), period_id=period_id).values_list(*names)
    using = rows.db

    def read(fetched):
        # The instances the queryset would give: all the concrete fields, the ORM's converters applied.
        reports = (Report.from_db(using, names, row) for row in fetched)
        return {report.cluster_id: report for report in reports}

    return compiled(rows, read)


def elapsed_share(period: ReportingPeriod, today: datetime.date | None = None) -> Decimal:
    """How much of the period's year lies behind the day the values describe (0..1)."""
    on = period.measured_on(today)
    start, end = datetime.date(period.year, 1, 1), datetime.date(period.year, 12, 31)
    return Decimal((on - start).days + 1) / Decimal((end - start).days + 1)


def status_of(indicator: Indicator, value, target, period, today=None, *, elapsed=None) -> str:
    """On track, at risk or missed against the year's target.

    A higher-is-better value is on track while it keeps pace with the year: at least the target times the
    share of the year gone by. When the year is over only the target itself counts (missed below it).
    A lower-is-better value (e.g. overdue activities) is on track at or under the target.
    `elapsed` (the period's elapsed_share) spares a board recomputing it for every cell.
    """
    if value is None:
        return NO_DATA
    if target is None:
        return NO_TARGET
    if elapsed is None:
        elapsed = elapsed_share(period, today)
    year_over = elapsed >= 1
    if indicator.lower_is_better:
        if value <= target:
            return ON_TRACK
        return MISSED if year_over else AT_RISK
    if value >= target * (1 if year_over else elapsed):
        return ON_TRACK
    return MISSED if year_over else AT_RISK


class DrillLinks:
    """The drill-down URLs of one board's figures, reversed once per formula rather than once per cell.

    A formula's link differs between clusters only by the cluster's id (test_board_page checks every
    formula), so the link of a placeholder id, split at the placeholder, is the pattern of all of them.
    Reversing a URL for every cell cost a board as much as the rest of its Python.
    """

    PLACEHOLDER = "2147483647"  # the largest PostgreSQL integer: never a cluster's id in practice

    def __init__(self, period: ReportingPeriod):
        self.period = period
        self._patterns: dict[str, list[str]] = {}

    def url(self, indicator: Indicator, cluster_id: int) -> str:
        formula = FORMULAS.get(indicator.formula)
        if formula is None:
            return ""
        pattern = self._patterns.get(formula.code)
        if pattern is None:
            link = formula.drill(int(self.PLACEHOLDER), self.period)
            pattern = self._patterns[formula.code] = link.split(self.PLACEHOLDER)
        return str(cluster_id).join(pattern)


@dataclass
class Figure:
    indicator: Indicator
    value: Decimal | None
    target: Decimal | None
    status: str
    cluster_id: int | None = None
    links: DrillLinks | None = None

    @cached_property
    def drill(self) -> str:
        """The URL of the records behind the figure, built when shown (a board shows a page of its rows)."""
        if self.links is None or self.cluster_id is None:
            return ""
        return self.links.url(self.indicator, self.cluster_id)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def progress(self) -> Decimal | None:
        return share(self.value, self.target) if self.value is not None and self.target else None


@dataclass
class ClusterRow:
    cluster: Cluster
    figures: list[Figure]
    report: Report | None = None
    benchmarks: dict[str, Decimal | None] = field(default_factory=dict)

    # Counted once: sorting, the risk badges and the regions' sums each read them for every row.
    @cached_property
    def missed(self) -> int:
        return sum(1 for f in self.figures if f.status == MISSED)

    @cached_property
    def at_risk(self) -> int:
        return sum(1 for f in self.figures if f.status == AT_RISK)

    @property
    def risk_key(self):
        return (-self.missed, -self.at_risk, self.cluster.name)

    @cached_property
    def _by_code(self) -> dict[str, Figure]:
        return {f.indicator.code: f for f in self.figures}

    def figure(self, code: str) -> Figure | None:
        return self._by_code.get(code)


BENCHMARKS = ("money_per_student", "federal_per_student", "practice_per_student", "students_per_million")


def _benchmarks(row: ClusterRow, money) -> dict[str, Decimal | None]:
    studying = row.figure("students_studying")
    practice = row.figure("practice_hours")
    students = studying.value if studying else None
    planned = getattr(money, "planned", None)
    federal = getattr(money, "planned_federal", None)
    return {
        "money_per_student": share(planned, students) if planned is not None and students else None,
        "federal_per_student": share(federal, students) if federal is not None and students else None,
        "practice_per_student": share(practice.value, students) if practice and students else None,
        "students_per_million": share(students * MILLION, federal)
        if students is not None and federal
        else None,
    }


def board(clusters, period: ReportingPeriod, *, today=None, indicators=None) -> list[ClusterRow]:
    """Every cluster of the queryset with its figures, targets, statuses, report and benchmarks."""
    indicators = indicators if indicators is not None else indicators_for(period)
    with computation():
        # The formulas' own cluster rows (with region, industry, base organisation and planned money): one
        # query serves as the list, the ids and the money benchmarks.
        cluster_list = _facts(clusters, period)
        values = compute_values(indicators, clusters, period)
        targets = targets_for(clusters, period.year)
        reports = reports_for(clusters, period)
    money = {cluster.pk: cluster for cluster in cluster_list}
    elapsed = elapsed_share(period, today)
    links = DrillLinks(period)
    rows = []
    for cluster in cluster_list:
        pk = cluster.pk
        figures = []
        for indicator in indicators:
            value = values.get((indicator.pk, pk))
            target = targets.get((indicator.pk, pk))
            status = status_of(indicator, value, target, period, elapsed=elapsed)
            figures.append(Figure(indicator, value, target, status, pk, links))
        row = ClusterRow(cluster, figures, reports.get(pk))
        row.benchmarks = _benchmarks(row, money.get(cluster.pk))
        rows.append(row)
    return rows


SORTS = ("risks", "name", "region")


def sort_rows(rows: list[ClusterRow], sort: str) -> list[ClusterRow]:
    """Risks first by default; or by name, region, an indicator's value or a benchmark (largest first)."""
    if sort == "name":
        return sorted(rows, key=lambda r: r.cluster.name)
    if sort == "region":
        return sorted(rows, key=lambda r: (r.cluster.region.name, r.cluster.name))
    if sort in BENCHMARKS:
        return sorted(rows, key=lambda r: (r.benchmarks.get(sort) is None, -(r.benchmarks.get(sort) or 0)))
    if rows and rows[0].figure(sort) is not None:

        def by_value(row):
            value = row.figure(sort).value
            return (value is None, -(value or 0), row.cluster.name)

        return sorted(rows, key=by_value)
    return sorted(rows, key=lambda r: r.risk_key)


@dataclass
class RegionRow:
    region: object
    rows: list[ClusterRow]

    @property
    def missed(self) -> int:
        return sum(r.missed for r in self.rows)

    @property
    def at_risk(self) -> int:
        return sum(r.at_risk for r in self.rows)

    def total(self, code: str) -> Decimal | None:
        values = [f.value for r in self.rows if (f := r.figure(code)) and f.value is not None]
        return sum(values, Decimal(0)) if values else None


def by_region(rows: list[ClusterRow]) -> list[RegionRow]:
    regions: dict[int, RegionRow] = {}
    for row in rows:
        regions.setdefault(row.cluster.region_id, RegionRow(row.cluster.region, [])).rows.append(row)
    return sorted(regions.values(), key=lambda r: (-r.missed, -r.at_risk, r.region.name))


def current_period(today: datetime.date | None = None, periods=None) -> ReportingPeriod | None:
    """The latest period that has begun: what the dashboards open on.

    `periods` (all of them, which a page lists in its period picker anyway) saves the query.
    """
    today = today or timezone.localdate()
    if periods is None:
        every = None
        periods = [p for p in ReportingPeriod.objects.filter(year__lte=today.year) if p.start <= today]
    else:
        every = list(periods)
        periods = [p for p in every if p.start <= today]
    if not periods:
        if every is not None:
            return min(every, key=lambda p: p.year, default=None)
        return ReportingPeriod.objects.order_by("year").first()
    # Of periods starting the same day the quarter is the more current; of the rest the latest start.
    return max(periods, key=lambda p: (p.start, p.kind == ReportingPeriod.Kind.QUARTER, -p.end.toordinal()))


def period_is_open(cluster, period, today=None) -> bool:
    """Manual values of a closed period are locked unless the cluster holds a running exception."""
    if not period.closed:
        return True
    today = today or timezone.localdate()
    return period.lock_exceptions.filter(Q(cluster=cluster), until__gte=today).exists()
