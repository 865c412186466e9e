"""The registry of formulas: how each computed indicator is derived from the other registers.

A formula takes a queryset of clusters and a reporting period and returns {cluster id: Decimal or None} for
every cluster of the queryset, computed by the database for all of them at once. Formulas are independent
of the user: a figure of a cluster is the same whoever opens it; which clusters a user sees is decided by
the pages (through the permission gate), and the lists behind each figure apply the user's own scope.

The arithmetic belongs to the registers (education, finance, staff, governance, clusters); formulas call
their selectors and only pick the number out. Several formulas share one selector run within a computation.
What a cluster row carries itself (its employers, its planned money) is read in the query that lists the
clusters (`_facts`), which is also the list the dashboards show: a board costs a fixed number of queries,
about one per register, whatever the number of clusters.
"""

import contextvars
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connections, router
from django.db.models import BooleanField, Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import get_related_populators
from django.urls import reverse

from profcluster.clusters.models import Cluster, Participation
from profcluster.core.money import share
from profcluster.core.statements import SLOT_SQL, Slot, Statement, compiled, fill_of
from profcluster.education.models import checkpoints
from profcluster.education.selectors import breakdown_of, education_statements
from profcluster.finance.models import BudgetLine, Source
from profcluster.finance.selectors import MONEY, ZERO_MONEY
from profcluster.governance.models import Activity
from profcluster.staff.models import StaffMember, TeachingAssignment, TrainingRecord
from profcluster.staff.services import in_calendar_year, percent

HUNDRED = Decimal(100)


class _Everyone:
    """The reader formulas pass to the registers' selectors: it sees every record (see the module doc)."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True


EVERYONE = _Everyone()


@dataclass(frozen=True)
class Formula:
    code: str
    function: Callable
    drill: Callable  # (cluster id, period) -> the URL of the records behind the figure


FORMULAS: dict[str, Formula] = {}


def formula(code: str, *, drill: Callable):
    def register(function):
        FORMULAS[code] = Formula(code, function, drill)
        return function

    return register


def choices() -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(FORMULAS)]


# --- Sharing one selector run between the formulas of a computation -------------------------------------

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("kpi_formula_memo", default=None)


@contextmanager
def computation():
    """Within the block, formulas that need the same selector on the same clusters and period run it once."""
    if _memo.get() is not None:  # nested: share the outer computation's results
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _once(key, compute):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _key(name, clusters, period):
    fill = _fill(clusters)
    try:
        hash(fill)
    except TypeError:  # a list among the parameters of the clusters' filters
        fill = repr(fill)
    return (name, fill, period.pk, period.measured_on())


def _fill(clusters) -> tuple[str, tuple] | None:
    """The SQL of the clusters' ids (None for an empty scope), compiled once per queryset within a
    computation: it keys the shared selectors and fills the slot of every prepared statement."""
    memo = _memo.get()
    # Keyed by identity; the queryset is kept alongside, so its id cannot be reused while the memo lives.
    cached = memo.get(("fill", id(clusters))) if memo is not None else None
    if cached is not None:
        return cached[1]
    fill = fill_of(clusters)
    if memo is not None:
        memo[("fill", id(clusters))] = (clusters, fill)
    return fill


# --- Statements compiled once per process -------------------------------------------------------------------
#
# Building and compiling the aggregates cost a region's board more Python than the database spent running
# them (scale 1.0, 9 clusters: 50 of the board's 66 ms of Python, against 70 ms of SQL for the whole page;
# 18 ms of Python once compiled). Each aggregate is compiled once with a Slot for the clusters and kept: a
# statement depends only on its key (the year, the day measured, the employment checkpoints, which are a
# setting) and on the database alias, never on the clusters, the user or the data, so every board of every
# user reuses it. Whatever a builder reads besides its arguments belongs in its key.

_PREPARED: dict = {}
_PREPARED_MAX = 256  # a few statements per period and day measured; dropped whole when full


def _prepared(key: tuple, build):
    alias = router.db_for_read(Cluster)
    key = (*key, alias)
    found = _PREPARED.get(key)
    if found is None:
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.clear()
        found = _PREPARED[key] = build()
    return found


def _run(statement: Statement, clusters):
    fill = _fill(clusters)
    # An empty scope has no SQL to fill in: the statement's answer over no rows, without a query.
    return statement.read([]) if fill is None else statement.run(fill)


def _planned(year: int, **filters):
    """The plan of the year of the outer cluster, as finance:clusters_with_money sums it (the lines of the
    current revision), zero without a plan."""
    lines = (
        BudgetLine.objects.current()
        .filter(revision__year=year, revision__cluster=OuterRef("pk"), **filters)
        .order_by()
        .values("revision__cluster")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(lines, output_field=MONEY), ZERO_MONEY)


def _facts(clusters, period) -> list:
    """The clusters themselves with the figures read straight off them, in one query for the whole set.

    The same rows are the board's cluster list, so listing the clusters, their ids, the employers and the
    planned money cost one query together instead of four. Subqueries per cluster rather than a join and
    GROUP BY: a plan has a few dozen lines, found through the revision's index, and a join would have to
    group by the employers' subquery too, running it once per plan line (47 ms against 29 ms at scale 0.2).
    The ledger (commitments, payments), which no indicator reads, is left out.
    The whole statement is compiled once per year and order (see _facts_statement): building and compiling
    it with its three joins and five subqueries cost a region's board about 3 ms of Python a request.
    """

    def compute():
        ordering = _plain_ordering(clusters)
        if ordering is None:  # a set the statement cannot stand for: the ORM builds the list itself
            figures = _prepared(("facts", period.year), lambda: _facts_figures(period.year))
            return list(
                clusters.select_related("region", "industry", "base_organisation").annotate(
                    **{
                        name: RawSQL(sql, params, output_field=field)
                        for name, (sql, params, field) in figures.items()
                    }
                )
            )
        statement = _prepared(
            ("facts_rows", period.year, ordering), lambda: _facts_statement(period.year, ordering)
        )
        return _run(statement, clusters)

    return _once(_key("facts", clusters, period), compute)


def _plain_ordering(clusters) -> tuple[str, ...] | None:
    """The order of a plain set of clusters (filters and an order by field names, nothing the rows would
    carry besides the clusters' own fields), or None for any other queryset."""
    query = clusters.query
    if (
        clusters.model is not Cluster
        or clusters._fields is not None
        or clusters._prefetch_related_lookups
        or query.is_sliced
        or query.distinct
        or query.combinator
        or query.annotations
        or query.extra
        or query.extra_order_by
        or query.select_related
        or not query.standard_ordering
        or query.deferred_loading != (frozenset(), True)
    ):
        return None
    if query.order_by:
        ordering = query.order_by
    elif query.default_ordering:
        ordering = Cluster._meta.ordering
    else:
        ordering = ()
    if not all(isinstance(field, str) for field in ordering):
        return None
    return tuple(ordering)


def _facts_statement(year: int, ordering: tuple[str, ...]) -> Statement:
    """The clusters of the slot, in `ordering`, with their region, industry and base organisation and the
    figures of _facts_figures; read into instances as the queryset's own iteration builds them."""
    figures = _prepared(("facts", year), lambda: _facts_figures(year))
    using = router.db_for_read(Cluster)
    if connections[using].vendor == "postgresql":
        # An array of the ids, read before the rows: planned as a filter, not as a semi-join with the three
        # joins (planning 1.4 ms against 1.9 ms for a region's board at scale 1.0).
        among = RawSQL(f'"clusters_cluster"."id" = ANY(ARRAY({SLOT_SQL}))', (), output_field=BooleanField())
    else:
        among = Q(pk__in=Slot())
    queryset = (
        Cluster.objects.filter(among)
        .select_related("region", "industry", "base_organisation")
        .annotate(
            **{
                name: RawSQL(sql, params, output_field=field)
                for name, (sql, params, field) in figures.items()
            }
        )
        .order_by(*ordering)
    )
    # Where each model's columns and each figure stand in a row: the layout `compiled` reads, since a
    # compiler of the same query selects the same columns in the same order.
    layout = queryset.query.get_compiler(using)
    layout.setup_query()
    fields = layout.klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column.target.attname for column, _sql, _alias in layout.select[start:end]]
    related = get_related_populators(layout.klass_info, layout.select, using)
    figures_at = list(layout.annotation_col_map.items())

    def read(rows):
        clusters = []
        for row in rows:
            cluster = Cluster.from_db(using, names, row[start:end])
            for populator in related:
                populator.populate(row, cluster)
            for name, position in figures_at:
                setattr(cluster, name, row[position])
            clusters.append(cluster)
        return clusters

    return compiled(queryset, read)


def _facts_figures(year: int) -> dict:
    """{name: (SQL, parameters, field)} of each figure's subquery, compiled once per year: they refer to the
    cluster of the row as "clusters_cluster"."id", the table's own name, which is the alias of a cluster
    queryset's main table whatever its filters."""
    employers = (
        Participation.objects.filter(
            # The employers of clusters:with_facts, counted per cluster.
            cluster=OuterRef("pk"),
            role__in=[Participation.Role.KEY_EMPLOYER, Participation.Role.EMPLOYER],
        )
        .order_by()
        .values("cluster")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    query = Cluster.objects.annotate(
        employers_count=Coalesce(Subquery(employers, output_field=IntegerField()), Value(0)),
        planned=_planned(year),
        planned_federal=_planned(year, source=Source.FEDERAL),
        planned_regional=_planned(year, source=Source.REGIONAL),
        planned_non_budget=_planned(year, source__in=[Source.EMPLOYER, Source.EXTRA_BUDGETARY]),
    ).query
    compiler = query.get_compiler(router.db_for_read(Cluster))
    figures = {}
    for name, expression in query.annotations.items():
        sql, params = compiler.compile(expression)
        figures[name] = (sql, tuple(params), expression.output_field)
    return figures


def _ids(clusters, period) -> list[int]:
    return [cluster.pk for cluster in _facts(clusters, period)]


def _pct(fraction) -> Decimal | None:
    return None if fraction is None else fraction * HUNDRED


def _link(name: str, args=(), **query) -> str:
    url = reverse(name, args=args)
    params = [
        (k, v) for k, values in query.items() for v in (values if isinstance(values, list) else [values])
    ]
    return f"{url}?{urlencode(params)}" if params else url


# --- Education ---------------------------------------------------------------------------------------------


def _education(clusters, period) -> dict:
    def compute():
        on = period.measured_on()
        statements = _prepared(
            ("education", on, checkpoints()),
            lambda: education_statements(EVERYONE, by="cluster", on=on, clusters=Slot()),
        )
        families = {name: _run(statement, clusters) for name, statement in statements.items()}
        return breakdown_of(families, by="cluster", on=on)

    return _once(_key("education", clusters, period), compute)


def _from_education(clusters, period, pick) -> dict:
    numbers = _education(clusters, period)
    result = {}
    for pk in _ids(clusters, period):
        found = numbers.get(pk)
        result[pk] = pick(found) if found is not None else None
    return result


@formula(
    "students_studying", drill=lambda pk, p: _link("education:student_list", cluster=pk, status="studying")
)
def students_studying(clusters, period):
    return _from_education(clusters, period, lambda n: Decimal(n.studying))


@formula("intake_fulfilment", drill=lambda pk, p: _link("education:group_list", cluster=pk))
def intake_fulfilment(clusters, period):
    return _from_education(clusters, period, lambda n: _pct(n.intake_fulfilment))


@formula(
    "targeted_share",
    drill=lambda pk, p: _link("education:student_list", cluster=pk, status="studying", contract="yes"),
)
def targeted_share(clusters, period):
    return _from_education(clusters, period, lambda n: _pct(n.contract_share))


@formula(
    "practice_hours",
    drill=lambda pk, p: _link("education:placement_list", cluster=pk, confirmation=["pending", "confirmed"]),
)
def practice_hours(clusters, period):
    return _from_education(clusters, period, lambda n: Decimal(n.practice_hours))


@formula("demo_exam_pass_rate", drill=lambda pk, p: _link("education:demoexam_list", cluster=pk))
def demo_exam_pass_rate(clusters, period):
    return _from_education(clusters, period, lambda n: _pct(n.exam_pass_rate))


def _employment_drill(pk, period):
    return _link("education:employment_list", cluster=pk, checkpoint_months=12)


@formula("employment_12", drill=_employment_drill)
def employment_12(clusters, period):
    def pick(numbers):
        checkpoint = numbers.at(12)
        return _pct(checkpoint.rate) if checkpoint else None

    return _from_education(clusters, period, pick)


# --- Staff ------------------------------------------------------------------------------------------------


@formula("staff_trained", drill=lambda pk, p: _link("staff:index", cluster=pk))
def staff_trained(clusters, period):
    """The coverage of staff:coverage_for_cluster (same denominator and validity rule) for every cluster at
    once: the staff service counts one cluster per call, which would be a loop of queries here.

    One row per staff member and cluster (the link table's pairs are unique, and "its organisation takes
    part in the cluster" is a semi-join, not a join), so plain counts: no join of the organisations and no
    COUNT(DISTINCT), whose sort the database spilled to disk (scale 1.0, 600 clusters, best of 9 runs:
    295 → 208 ms; one region's 9 clusters unchanged, 10 ms).
    """
    on = period.measured_on()
    statement = _prepared(("staff_trained", on), lambda: _staff_trained_statement(on))
    counts = _run(statement, clusters)
    return {pk: counts.get(pk) for pk in _ids(clusters, period)}


def _staff_trained_statement(on) -> Statement:
    through = StaffMember.clusters.through
    valid = TrainingRecord.objects.valid_on(on).filter(staff_member=OuterRef("staffmember_id"))
    participates = Participation.objects.filter(
        cluster=OuterRef("cluster_id"), organisation=OuterRef("staffmember__organisation_id")
    )
    rows = (
        through.objects.filter(
            Exists(participates),
            cluster__in=Slot(),
            staffmember__category__in=StaffMember.COVERAGE_CATEGORIES,
        )
        .filter(
            Q(staffmember__date_from__isnull=True) | Q(staffmember__date_from__lte=on),
            Q(staffmember__date_to__isnull=True) | Q(staffmember__date_to__gte=on),
        )
        .annotate(qualified=Exists(valid))
        .order_by()
        .values("cluster_id")
        .annotate(total=Count("pk"), trained=Count("pk", filter=Q(qualified=True)))
        .values_list("cluster_id", "trained", "total")
    )
    return compiled(rows, lambda rows: {cluster: percent(trained, total) for cluster, trained, total in rows})


@formula("practitioner_hours", drill=lambda pk, p: _link("staff:teachingassignment_list", cluster=pk))
def practitioner_delivered_hours(clusters, period):
    """The hours delivered in the calendar year, the sum over employers of staff:practitioner_hours's rows
    (which groups them by employer as well, with names and pledges no indicator reads), summed per cluster
    at once."""
    statement = _prepared(("practitioner_hours", period.year), lambda: _practitioner_statement(period.year))
    hours = _run(statement, clusters)
    return {pk: Decimal(hours.get(pk) or 0) for pk in _ids(clusters, period)}


def _practitioner_statement(year: int) -> Statement:
    rows = (
        TeachingAssignment.objects.filter(in_calendar_year(year), cluster__in=Slot())
        .order_by()
        .values("cluster_id")
        .annotate(delivered=Sum("delivered_hours"))
        .values_list("cluster_id", "delivered")
    )
    return compiled(rows, dict)


# --- Participants -----------------------------------------------------------------------------------------


@formula("employers_participating", drill=lambda pk, p: reverse("clusters:cluster_detail", args=[pk]))
def employers_participating(clusters, period):
    return {cluster.pk: Decimal(cluster.employers_count) for cluster in _facts(clusters, period)}


# --- Money ------------------------------------------------------------------------------------------------


def _money_drill(pk, period):
    return _link("finance:cluster", args=[pk], year=period.year)


@formula("attracted_per_federal", drill=_money_drill)
def attracted_per_federal(clusters, period):
    # As finance:clusters_with_money computes the attracted share.
    return {
        cluster.pk: share(cluster.planned - cluster.planned_federal, cluster.planned_federal)
        for cluster in _facts(clusters, period)
    }


@formula("cofinancing_regional", drill=_money_drill)
def cofinancing_regional(clusters, period):
    return {cluster.pk: cluster.planned_regional for cluster in _facts(clusters, period)}


@formula("cofinancing_non_budget", drill=_money_drill)
def cofinancing_non_budget(clusters, period):
    return {cluster.pk: cluster.planned_non_budget for cluster in _facts(clusters, period)}


# --- Governance -------------------------------------------------------------------------------------------


def _activity_counts(clusters, period) -> dict:
    """{cluster id: (done, overdue)}: both counts in one grouped query."""

    def compute():
        on = period.measured_on()
        statement = _prepared(("activities", period.year, on), lambda: _activities_statement(period.year, on))
        return _run(statement, clusters)

    return _once(_key("activities", clusters, period), compute)


def _activities_statement(year: int, on) -> Statement:
    # Only the current version of a programme: a revision copies the activities of the one before it.
    activities = (
        Activity.objects.filter(programme__cluster__in=Slot(), programme__next_version__isnull=True)
        .in_year(year)
        .order_by()
    )
    overdue = activities.overdue(on).values("pk")
    rows = (
        activities.values("programme__cluster_id")
        .annotate(
            done=Count("pk", filter=Q(status=Activity.Status.DONE, actual_end__lte=on)),
            overdue=Count("pk", filter=Q(pk__in=overdue)),
        )
        .values_list("programme__cluster_id", "done", "overdue")
    )
    return compiled(rows, lambda rows: {cluster_id: (done, late) for cluster_id, done, late in rows})


def _governance_drill(pk, period):
    return reverse("governance:cluster_governance", args=[pk])


@formula("activities_done", drill=_governance_drill)
def activities_done(clusters, period):
    counts = _activity_counts(clusters, period)
    return {pk: Decimal(counts.get(pk, (0, 0))[0]) for pk in _ids(clusters, period)}


@formula("activities_overdue", drill=_governance_drill)
def activities_overdue(clusters, period):
    counts = _activity_counts(clusters, period)
    return {pk: Decimal(counts.get(pk, (0, 0))[1]) for pk in _ids(clusters, period)}
