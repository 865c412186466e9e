"""Reads that add money up: every sum is computed by the database, and every query passes the permission gate.

A cluster page, a region and the whole country use the same matrix; only the set of clusters differs.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from weakref import WeakKeyDictionary

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, DecimalField, F, Q, Sum, Value

from profcluster.clusters.models import Cluster
from profcluster.core.money import share
from profcluster.core.permissions import VIEW
from profcluster.finance.models import (
    ATTRACTED_SOURCES,
    ZERO,
    BudgetLine,
    CofinancingRule,
    Commitment,
    Payment,
    Source,
    SpendingCategory,
)

STAGES = ("planned", "committed", "spent", "verified", "accepted")
MONEY = DecimalField(max_digits=17, decimal_places=2)
ZERO_MONEY = Value(ZERO, output_field=MONEY)
CENT = Decimal("0.01")


@dataclass
class Cell:
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    verified: Decimal = ZERO
    accepted: Decimal = ZERO

    def add(self, other: "Cell") -> None:
        for stage in STAGES:
            setattr(self, stage, getattr(self, stage) + getattr(other, stage))

    @property
    def execution(self) -> Decimal | None:
        """Spent as a share of planned (a fraction; rounded only when shown)."""
        return share(self.spent, self.planned)

    @property
    def over_plan(self) -> Decimal:
        return max(self.committed - self.planned, ZERO)

    @property
    def over_commitments(self) -> Decimal:
        return max(self.spent - self.committed, ZERO)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, stage) for stage in STAGES)


@dataclass
class SourceRow:
    source: str
    label: str
    cells: list[tuple[SpendingCategory, Cell]]
    total: Cell
    share: Decimal | None = None  # of the total plan
    per_federal: Decimal | None = None  # roubles of this source per planned federal rouble


@dataclass
class Flag:
    kind: str
    message: str
    amount: Decimal
    link: str = ""


@dataclass
class Matrix:
    rows: list[SourceRow]
    total: Cell
    attracted_per_federal: Decimal | None
    unbacked_payments: tuple[int, Decimal] = (0, ZERO)  # payments without a commitment: count, sum
    overpaid_commitments: tuple[int, Decimal] = (
        0,
        ZERO,
    )  # commitments paid beyond their amount: count, excess
    flags: list[Flag] = field(default_factory=list)

    def source(self, source: str) -> SourceRow:
        return next(row for row in self.rows if row.source == source)


def _every_cluster(clusters) -> bool:
    """Whether `clusters` is None or all clusters, so that filtering entries by it would change nothing.

    Every entry belongs to a cluster, so the federal roll-up needs no `cluster_id IN (SELECT id FROM
    clusters_cluster)`, which PostgreSQL still joins to all 200 000 commitments of the overpaid-commitments
    check (EXPLAIN ANALYZE at scale 0.2: 225 → 150 ms).
    """
    if clusters is None:
        return True
    query = clusters.query
    return not (query.has_filters() or query.is_sliced or query.combinator)


# What each row of the per-cluster table adds up; money not in a cluster's rows is zero.
CLUSTER_SUMS = ("planned", "planned_federal", "planned_regional", "planned_non_budget", "committed", "spent")
NON_BUDGET = (Source.EMPLOYER, Source.EXTRA_BUDGETARY)


@dataclass
class LedgerSums:
    """The plan and the ledger of a set of clusters, added up twice: per matrix cell and per cluster."""

    cells: dict[tuple[str, int], Cell]  # (source, category pk)
    clusters: dict[int, dict[str, Decimal]]  # cluster pk → CLUSTER_SUMS


def _cells(queryset, cluster: str, year: str, **amounts):
    """One branch of the ledger union: amounts per (cluster, year, source, category), other stages zero.

    Grouped in the order of the ledger tables' covering indexes (commitment_cell_amount,
    payment_cell_stage_amount), so PostgreSQL reads each table once, from its index alone, and adds up runs
    of adjacent entries: 350–410 ms of CPU for the million commitments at scale 1.0, where the matrix and
    the per-cluster sums read separately took 450–510 + 350–440 ms. Without them PostgreSQL walks the
    (cluster, year, source, category) index and fetches each entry from the table, in random order (6.4 s).
    """
    keys = {
        "cell_cluster": F(cluster),
        "cell_year": F(year),
        "cell_source": F("source"),
        "cell_category": F("category"),
    }
    columns = {stage: amounts.get(stage, ZERO_MONEY) for stage in STAGES}
    return queryset.order_by().values(**keys).annotate(**columns)


def _money(value) -> Decimal:
    """A sum as read from the cursor: PostgreSQL gives Decimal, SQLite int or float (summed in binary)."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal(value)


def _ledger_sums(user, clusters, year: int | None) -> LedgerSums:
    """One statement: the plan, commitments and payments per cell of the ledger index, then added up again
    per matrix cell and per cluster over those cells (38 400 per table for the 2 000 000 entries of the
    country at scale 1.0), so each ledger table is read once and Python gets ~650 rows.
    """
    plan = BudgetLine.objects.restrict(user, VIEW).current()
    commitments = Commitment.objects.restrict(user, VIEW)
    payments = Payment.objects.restrict(user, VIEW)
    if not _every_cluster(clusters):
        plan = plan.filter(revision__cluster__in=clusters)
        commitments = commitments.filter(cluster__in=clusters)
        payments = payments.filter(cluster__in=clusters)
    if year is not None:
        plan, commitments, payments = (
            plan.filter(revision__year=year),
            commitments.filter(year=year),
            payments.filter(year=year),
        )
    checked = [Payment.Stage.VERIFIED, Payment.Stage.ACCEPTED]
    # A current plan has one line per cell (one current revision per cluster and year, one line per source
    # and category of a revision): its lines need no grouping.
    union = _cells(plan, "revision__cluster", "revision__year", planned=F("amount")).union(
        _cells(commitments, "cluster", "year", committed=Sum("amount")),
        _cells(
            payments,
            "cluster",
            "year",
            spent=Sum("amount"),
            verified=Sum("amount", filter=Q(stage__in=checked)),
            accepted=Sum("amount", filter=Q(stage=Payment.Stage.ACCEPTED)),
        ),
        all=True,
    )
    sums = LedgerSums(cells={}, clusters={})
    try:
        cells_sql, params = union.query.get_compiler(union.db).as_sql()
    except EmptyResultSet:  # the gate gave the user nothing to see
        return sums
    q = connections[union.db].ops.quote_name
    stages = ", ".join(f"SUM({q(stage)})" for stage in STAGES)

    def planned_of(sources) -> str:
        listed = ", ".join(["%s"] * len(sources))
        return f"SUM(CASE WHEN {q('cell_source')} IN ({listed}) THEN {q('planned')} END)"

    # Rows of the matrix have no cluster; rows of a cluster have no category. Neither column is ever null.
    sql = (
        f"WITH cells AS ({cells_sql}) "
        f"SELECT NULL, {q('cell_source')}, {q('cell_category')}, {stages}, NULL, NULL, NULL FROM cells "
        f"GROUP BY {q('cell_source')}, {q('cell_category')} "
        f"UNION ALL SELECT {q('cell_cluster')}, NULL, NULL, {stages}, "
        f"{planned_of([Source.FEDERAL])}, {planned_of([Source.REGIONAL])}, {planned_of(NON_BUDGET)} "
        f"FROM cells GROUP BY {q('cell_cluster')}"
    )
    params = (*params, Source.FEDERAL, Source.REGIONAL, *NON_BUDGET)
    with connections[union.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for cluster_pk, source, category_pk, *money in rows:
        planned, committed, spent, verified, accepted, federal, regional, non_budget = map(_money, money)
        if cluster_pk is None:
            sums.cells[(source, category_pk)] = Cell(planned, committed, spent, verified, accepted)
        else:
            sums.clusters[cluster_pk] = {
                "planned": planned,
                "planned_federal": federal,
                "planned_regional": regional,
                "planned_non_budget": non_budget,
                "committed": committed,
                "spent": spent,
            }
    return sums


# The roll-up pages ask for the matrix and for the table of the same clusters (views.finance_index,
# kpi.documents): the sums read by the first call wait here for the second, so the ledger is read once per
# page (the statement is ~1 s of CPU at scale 1.0). Keyed by the queryset object both calls are given and
# taken by the first call with the same user object and year, once: a later request or job builds its own
# queryset and user, so it never sees these rows.
_unclaimed: WeakKeyDictionary = WeakKeyDictionary()


def _shared_ledger_sums(user, clusters, year: int | None) -> LedgerSums:
    if clusters is None:
        return _ledger_sums(user, clusters, year)
    waiting = _unclaimed.pop(clusters, None)
    if waiting is not None and waiting[0] is user and waiting[1] == year:
        return waiting[2]
    sums = _ledger_sums(user, clusters, year)
    _unclaimed[clusters] = (user, year, sums)
    return sums


def money_matrix(user, *, clusters=None, year: int | None = None) -> Matrix:
    """Source × category × stage for the clusters given (a queryset), as the user may see them.

    Four queries whatever the number of clusters and entries: the ledger sums (none when clusters_with_money
    of the same queryset has read them), categories and the two checks on payments.
    """
    cells = _shared_ledger_sums(user, clusters, year).cells
    commitments = Commitment.objects.restrict(user, VIEW)
    payments = Payment.objects.restrict(user, VIEW)
    if not _every_cluster(clusters):
        commitments = commitments.filter(cluster__in=clusters)
        payments = payments.filter(cluster__in=clusters)
    if year is not None:
        commitments, payments = commitments.filter(year=year), payments.filter(year=year)

    categories = list(SpendingCategory.objects.all())
    total = Cell()
    rows = []
    for source, label in Source.choices:
        source_total = Cell()
        source_cells = []
        for category in categories:
            value = cells.get((source, category.pk)) or Cell()
            source_total.add(value)
            source_cells.append((category, value))
        total.add(source_total)
        rows.append(SourceRow(source, label, source_cells, source_total))
    federal = next(row for row in rows if row.source == Source.FEDERAL).total.planned
    for row in rows:
        row.share = share(row.total.planned, total.planned)
        row.per_federal = share(row.total.planned, federal)
    attracted = sum((row.total.planned for row in rows if row.source in ATTRACTED_SOURCES), ZERO)

    unbacked = payments.filter(commitment__isnull=True).aggregate(count=Count("pk"), total=Sum("amount"))
    # Per commitment: a million groups at scale 1.0, the page's largest query (~0.9 s of CPU, merging the
    # indexes commitment_id_amount and payment_commitment_amount). Summing payments before the join, or
    # joining only commitments that have payments, costs the same.
    overpaid = (
        commitments.annotate(paid=Sum("payments__amount"))
        .filter(paid__gt=F("amount"))
        .aggregate(count=Count("pk"), excess=Sum(F("paid") - F("amount"), output_field=MONEY))
    )
    matrix = Matrix(
        rows=rows,
        total=total,
        attracted_per_federal=share(attracted, federal),
        unbacked_payments=(unbacked["count"], unbacked["total"] or ZERO),
        overpaid_commitments=(overpaid["count"], overpaid["excess"] or ZERO),
    )
    matrix.flags = _flags(matrix)
    return matrix


def _flags(matrix: Matrix) -> list[Flag]:
    flags = []
    for row in matrix.rows:
        for category, value in row.cells:
            if value.over_plan:
                flags.append(
                    Flag(
                        "over_plan",
                        f"{row.label} / {category}: обязательства превышают план",
                        value.over_plan,
                    )
                )
            if value.over_commitments:
                flags.append(
                    Flag(
                        "over_commitments",
                        f"{row.label} / {category}: расходы превышают обязательства",
                        value.over_commitments,
                    )
                )
    count, amount = matrix.unbacked_payments
    if count:
        flags.append(Flag("unbacked", f"Платежи без обязательства: {count}", amount))
    count, amount = matrix.overpaid_commitments
    if count:
        flags.append(Flag("overpaid", f"Обязательства, оплаченные сверх суммы: {count}", amount))
    return flags


@dataclass
class RuleCheck:
    rule: CofinancingRule
    actual: Decimal | None  # fraction of the federal plan

    @property
    def required(self) -> Decimal:
        return self.rule.min_percent / 100

    @property
    def met(self) -> bool:
        return self.actual is not None and self.actual >= self.required


def rules_by_year_and_kind() -> dict[tuple[int, str], list[CofinancingRule]]:
    rules: dict[tuple[int, str], list[CofinancingRule]] = {}
    for rule in CofinancingRule.objects.all():
        rules.setdefault((rule.selection_year, rule.cluster_kind), []).append(rule)
    return rules


def check_rules(rules, *, federal: Decimal, regional: Decimal, non_budget: Decimal) -> list[RuleCheck]:
    """Each rule's minimum against the plan: regional, or employer and extra-budgetary, per federal rouble."""
    amounts = {CofinancingRule.Basis.REGIONAL: regional, CofinancingRule.Basis.NON_BUDGET: non_budget}
    return [RuleCheck(rule, share(amounts[rule.basis], federal)) for rule in rules]


SORTS = {
    "name": None,
    "total": lambda c: -c.planned,
    "execution": lambda c: (c.execution_share is None, -(c.execution_share or 0)),
    "attracted": lambda c: (c.attracted_share is None, -(c.attracted_share or 0)),
}


@dataclass(frozen=True)
class Named:
    """A region as a row of the table shows it (its name), without a model instance."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(eq=False)
class ClusterMoney:
    """A cluster in the per-cluster table: what the page and the export show of it, and its money."""

    pk: int
    name: str
    kind: str
    selection_year: int
    region: Named
    planned: Decimal = ZERO
    planned_federal: Decimal = ZERO
    planned_regional: Decimal = ZERO
    planned_non_budget: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    execution_share: Decimal | None = None
    attracted_share: Decimal | None = None
    rule_checks: list = field(default_factory=list)  # filled by with_rule_checks
    below_minimum: list = field(default_factory=list)


def clusters_with_money(user, clusters, *, year: int | None = None, sort: str = "name") -> list[ClusterMoney]:
    """Clusters with their money (`planned`, `planned_federal`, …, `spent`, `execution_share`, …), sorted.

    Two queries however many clusters there are (one after money_matrix of the same queryset): the
    clusters' names, then the ledger sums. Rows are plain values, not model instances: 600 clusters with
    their regions cost ~20 ms of Python as instances. Sorting happens here, on the Decimals the page shows.
    """
    fields = ("pk", "name", "kind", "selection_year", "region_id", "region__name")
    named = list(clusters.order_by("name", "pk").values_list(*fields))
    sums = _shared_ledger_sums(user, clusters, year).clusters if named else {}
    rows = []
    for pk, name, kind, selection_year, region_pk, region_name in named:
        row = ClusterMoney(pk, name, kind, selection_year, Named(region_pk, region_name), **sums.get(pk, {}))
        row.execution_share = share(row.spent, row.planned)
        row.attracted_share = share(row.planned - row.planned_federal, row.planned_federal)
        rows.append(row)
    key = SORTS.get(sort) or SORTS["name"]
    if key:
        rows.sort(key=key)  # stable: ties keep the database's order by name
    return rows


def with_rule_checks(clusters) -> list:
    """Attach each cluster's co-financing checks (`cluster.rule_checks`, `cluster.below_minimum`)."""
    rules = rules_by_year_and_kind()
    rows = list(clusters)
    for cluster in rows:
        cluster.rule_checks = check_rules(
            rules.get((cluster.selection_year, cluster.kind), []),
            federal=cluster.planned_federal,
            regional=cluster.planned_regional,
            non_budget=cluster.planned_non_budget,
        )
        cluster.below_minimum = [check for check in cluster.rule_checks if not check.met]
    return rows


def cluster_rule_checks(cluster: Cluster, matrix: Matrix) -> list[RuleCheck]:
    rules = rules_by_year_and_kind().get((cluster.selection_year, cluster.kind), [])
    planned = {row.source: row.total.planned for row in matrix.rows}
    return check_rules(
        rules,
        federal=planned[Source.FEDERAL],
        regional=planned[Source.REGIONAL],
        non_budget=planned[Source.EMPLOYER] + planned[Source.EXTRA_BUDGETARY],
    )
