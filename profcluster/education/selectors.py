"""The derived numbers of education: every count is made by the database from the records, never typed.

Each family of numbers (students, intake, practice, demo exam, employment) is one query, whatever the number
of students, and runs over the same restricted querysets and filters as the list pages that explain it, so a
number and the list behind its link always agree.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db.models import Avg, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value
from django.utils import timezone

from profcluster.core.money import share
from profcluster.core.permissions import VIEW
from profcluster.core.statements import Statement, compiled, values_names
from profcluster.education.models import (
    Confirmation,
    DemoExam,
    EmploymentRecord,
    Group,
    Placement,
    Student,
    TargetedContract,
    academic_year,
    add_months,
    checkpoints,
)

MAX_COURSE = 6
# How each model reaches its programme, and how a programme reaches the level a breakdown groups by.
PROGRAMME_PATH = {Student: "group__programme", Group: "programme", Placement: "group__programme"}
PROGRAMME_PATH[DemoExam] = "student__group__programme"
PROGRAMME_PATH[EmploymentRecord] = "student__group__programme"
LEVELS = {"programme": "", "cluster": "__cluster", "region": "__cluster__region"}


@dataclass
class Employment:
    """Employment at one checkpoint of the graduates who have reached it."""

    months: int
    graduated_before: datetime.date  # graduates up to this date have reached the checkpoint
    graduates: int = 0
    recorded: int = 0
    working: int = 0
    by_speciality: int = 0
    at_partner: int = 0

    @property
    def rate(self) -> Decimal | None:
        return share(self.working, self.graduates)

    @property
    def speciality_rate(self) -> Decimal | None:
        return share(self.by_speciality, self.graduates)

    @property
    def partner_rate(self) -> Decimal | None:
        return share(self.at_partner, self.graduates)

    @property
    def unknown(self) -> int:
        """Graduates without any fact at the checkpoint: a gap in the data, not unemployment."""
        return self.graduates - self.recorded


@dataclass
class EducationNumbers:
    drill: str = ""  # the query string that narrows the list pages to the records counted here
    students: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_course: dict[int, int] = field(default_factory=dict)  # studying students by year of study
    with_contract: int = 0  # studying students with an active targeted-training contract
    planned_intake: int = 0
    actual_intake: int = 0
    placements: int = 0  # placements not disputed by the employer
    practice_hours: int = 0  # their hours
    disputed_placements: int = 0
    exams: int = 0
    exams_passed: int = 0
    mean_score: Decimal | None = None
    employment: list[Employment] = field(default_factory=list)

    @property
    def studying(self) -> int:
        return self.by_status.get(Student.Status.STUDYING, 0)

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.by_status.get(value, 0)) for value, label in Student.Status.choices]

    @property
    def contract_share(self) -> Decimal | None:
        return share(self.with_contract, self.studying)

    @property
    def intake_fulfilment(self) -> Decimal | None:
        return share(self.actual_intake, self.planned_intake)

    @property
    def exam_pass_rate(self) -> Decimal | None:
        return share(self.exams_passed, self.exams)

    def at(self, months: int) -> Employment | None:
        return next((e for e in self.employment if e.months == months), None)


def _narrow(queryset, model, *, clusters=None, cluster=None, programme=None, region=None):
    path = PROGRAMME_PATH[model]
    if cluster is not None:
        queryset = queryset.filter(**{f"{path}__cluster": cluster})
    if clusters is not None:
        queryset = queryset.filter(**{f"{path}__cluster__in": clusters})
    if programme is not None:
        queryset = queryset.filter(**{path: programme})
    if region is not None:
        queryset = queryset.filter(**{f"{path}__cluster__region": region})
    return queryset


def _rows(queryset, model, by: str | None, aggregates: dict) -> Statement:
    """Reads {key: {name: value}}: a row of aggregates per programme, cluster or region, or one (key None)."""
    if by is None:
        totals = {None: queryset.aggregate(**aggregates)}
        return Statement(None, (), queryset.db, lambda rows: totals)
    key = F(PROGRAMME_PATH[model] + LEVELS[by])
    grouped = queryset.order_by().values(key=key).annotate(**aggregates)
    names = values_names(grouped)

    def read(rows):
        return {(named := dict(zip(names, row, strict=True))).pop("key"): named for row in rows}

    return compiled(grouped, read)


def _students(user, by, narrow, on):
    """Counted per group first, then the groups' counts summed per programme, cluster or region: a student row
    is read once for its group and status, and the joins up to the cluster and the intake year (which makes
    the course) run per group, 25 times fewer rows than students. Scale 1.0, 600 clusters at once (the
    federal board): 1 070 → 760 ms, the same numbers; a region's clusters: 23 ms either way.

    The outer sum is SQL over the ORM's own compiled queries, so the gate and the filters stay the ORM's."""
    contracts = TargetedContract.objects.restrict(user, VIEW)
    students = _narrow(Student.objects.restrict(user, VIEW), Student, **narrow).with_active_contract(
        contracts
    )
    studying = Q(status=Student.Status.STUDYING)
    per_group = {
        "students": Count("*"),
        "with_contract": Count("pk", filter=studying & Q(has_contract=True)),
        **{f"status_{status}": Count("pk", filter=Q(status=status)) for status in Student.Status.values},
    }
    counted = students.order_by().values("group_id").annotate(**per_group)
    key = F(PROGRAMME_PATH[Group] + LEVELS[by]) if by else Value(None, output_field=IntegerField())
    groups = Group.objects.order_by().values("intake_year", group_key=key, group_pk=F("pk"))
    first_year = academic_year(on)
    sums = [f"COALESCE(SUM(s.{name}), 0) AS {name}" for name in per_group]
    # Course k is the group admitted k − 1 academic years ago.
    sums += [
        f"COALESCE(SUM(CASE WHEN g.intake_year = %s THEN s.status_studying ELSE 0 END), 0) AS course_{course}"
        for course in range(1, MAX_COURSE + 1)
    ]
    try:
        counted_sql, counted_params = counted.query.sql_with_params()
    except EmptyResultSet:  # nothing the user may see: the gate gave an empty queryset
        counted_sql = None
    groups_sql, groups_params = groups.query.sql_with_params()
    sql = (
        f"SELECT g.group_key, {', '.join(sums)} FROM ({counted_sql}) s "
        f"JOIN ({groups_sql}) g ON g.group_pk = s.group_id GROUP BY g.group_key"
    )
    params = [first_year - course + 1 for course in range(1, MAX_COURSE + 1)]
    names = [*per_group, *(f"course_{course}" for course in range(1, MAX_COURSE + 1))]

    def read(fetched):
        # SUM of counts is numeric on PostgreSQL: the numbers are counts, int as Count gives them.
        rows = {row[0]: {n: int(v) for n, v in zip(names, row[1:], strict=True)} for row in fetched}
        if by is None:
            return {None: rows.get(None) or dict.fromkeys(names, 0)}
        return rows

    if counted_sql is None:
        return Statement(None, (), counted.db, read)
    return Statement(sql, (*params, *counted_params, *groups_params), counted.db, read)


def _intake(user, by, narrow):
    queryset = _narrow(Group.objects.restrict(user, VIEW), Group, **narrow).with_intake()
    return _rows(queryset, Group, by, {"planned": Sum("planned_intake"), "actual": Sum("actual_intake")})


def _practice(user, by, narrow):
    queryset = _narrow(Placement.objects.restrict(user, VIEW), Placement, **narrow)
    counted = ~Q(confirmation=Confirmation.DISPUTED)
    aggregates = {
        "placements": Count("pk", filter=counted),
        "hours": Sum("hours", filter=counted),
        "disputed": Count("pk", filter=~counted),
    }
    return _rows(queryset, Placement, by, aggregates)


def _exams(user, by, narrow):
    queryset = _narrow(DemoExam.objects.restrict(user, VIEW), DemoExam, **narrow)
    aggregates = {"exams": Count("pk"), "passed": Count("pk", filter=Q(passed=True)), "mean": Avg("score")}
    return _rows(queryset, DemoExam, by, aggregates)


def graduated_before(on: datetime.date, months: int) -> datetime.date:
    return add_months(on, -months)


def _employment(user, by, narrow, on):
    records = EmploymentRecord.objects.restrict(user, VIEW).filter(student=OuterRef("pk"))
    queryset = _narrow(Student.objects.restrict(user, VIEW), Student, **narrow).filter(
        status=Student.Status.GRADUATED
    )
    # The student's cluster: where the outer query joins up to the programme anyway (a breakdown, a narrowed
    # set), taken from there; the subquery's own path to it made the planner join four more tables in each
    # checkpoint's subplan (a cluster's board at scale 1.0: 20 ms of planning for a 2 ms query, now 2.4 ms).
    # For the whole country at once the outer query joins nothing, and the subquery's path is cheaper.
    joined = by is not None or any(value is not None for value in narrow.values())
    cluster_of_student = (
        OuterRef(f"{PROGRAMME_PATH[Student]}__cluster_id")
        if joined
        else F("student__group__programme__cluster_id")
    )
    aggregates = {}
    for months in checkpoints():
        at = records.filter(checkpoint_months=months)
        working = at.filter(status__in=EmploymentRecord.WORKING)
        partner = working.filter(employer__participations__cluster_id=cluster_of_student)
        # Named apart from the aggregates below: an aggregate of the same name replaces an annotation.
        queryset = queryset.annotate(
            **{
                f"has_recorded_{months}": Exists(at),
                f"has_working_{months}": Exists(working),
                f"has_speciality_{months}": Exists(working.filter(by_speciality=True)),
                f"has_partner_{months}": Exists(partner),
            }
        )
        reached = Q(status_since__lte=graduated_before(on, months))
        aggregates[f"graduates_{months}"] = Count("pk", filter=reached)
        for name in ("recorded", "working", "speciality", "partner"):
            aggregates[f"{name}_{months}"] = Count("pk", filter=reached & Q(**{f"has_{name}_{months}": True}))
    return _rows(queryset, Student, by, aggregates)


def education_breakdown(
    user,
    *,
    by: str | None,
    clusters=None,
    cluster=None,
    programme=None,
    region=None,
    on: datetime.date | None = None,
) -> dict:
    """{key: EducationNumbers} by programme, cluster or region id (key None for the whole set when by=None).

    Five queries whatever the number of records; the keys are ids, the caller fetches names it shows.
    """
    on = on or timezone.localdate()
    statements = education_statements(
        user, by=by, on=on, clusters=clusters, cluster=cluster, programme=programme, region=region
    )
    return breakdown_of({name: statement.run() for name, statement in statements.items()}, by=by, on=on)


def education_statements(
    user, *, by: str | None, on: datetime.date, clusters=None, cluster=None, programme=None, region=None
) -> dict[str, Statement]:
    """The five queries of a breakdown, compiled and not yet run; `breakdown_of` turns their results into
    the numbers. A breakdown by a level depends only on its arguments, so the KPI boards compile it once
    with a Slot for `clusters` and run it again for every set of clusters (core.statements). The totals
    (by=None) are run here already: the ORM compiles and runs an aggregate in one step."""
    narrow = {"clusters": clusters, "cluster": cluster, "programme": programme, "region": region}
    return {
        "students": _students(user, by, narrow, on),
        "intake": _intake(user, by, narrow),
        "practice": _practice(user, by, narrow),
        "exams": _exams(user, by, narrow),
        "employment": _employment(user, by, narrow, on),
    }


def breakdown_of(families: dict[str, dict], *, by: str | None, on: datetime.date) -> dict:
    """The numbers of education_breakdown from the results of its statements."""
    keys = {key for rows in families.values() for key in rows}
    if by is None:
        keys = {None}
    result = {}
    for key in keys:
        rows = {name: family.get(key, {}) for name, family in families.items()}
        numbers = _numbers(rows, on)
        numbers.drill = drill(**({by: key} if by else {}))
        result[key] = numbers
    return result


def education_numbers(
    user, *, clusters=None, cluster=None, programme=None, region=None, on: datetime.date | None = None
) -> EducationNumbers:
    """The derived numbers of the students the user may see, narrowed to clusters, a cluster, a programme or a
    region. `clusters` (a queryset) narrows without a drill-down parameter: the lists are already scoped."""
    numbers = education_breakdown(
        user, by=None, clusters=clusters, cluster=cluster, programme=programme, region=region, on=on
    )[None]
    numbers.drill = drill(
        cluster=getattr(cluster, "pk", cluster),
        programme=getattr(programme, "pk", programme),
        region=getattr(region, "pk", region),
    )
    return numbers


def drill(**filters) -> str:
    return urlencode({name: value for name, value in filters.items() if value is not None})


def _numbers(rows: dict, on: datetime.date) -> EducationNumbers:
    students, intake, practice = rows["students"], rows["intake"], rows["practice"]
    exams, employment = rows["exams"], rows["employment"]
    numbers = EducationNumbers(
        students=students.get("students") or 0,
        by_status={status: students.get(f"status_{status}") or 0 for status in Student.Status.values},
        by_course={
            course: students[f"course_{course}"]
            for course in range(1, MAX_COURSE + 1)
            if students.get(f"course_{course}")
        },
        with_contract=students.get("with_contract") or 0,
        planned_intake=intake.get("planned") or 0,
        actual_intake=intake.get("actual") or 0,
        placements=practice.get("placements") or 0,
        practice_hours=practice.get("hours") or 0,
        disputed_placements=practice.get("disputed") or 0,
        exams=exams.get("exams") or 0,
        exams_passed=exams.get("passed") or 0,
        mean_score=_decimal(exams.get("mean")),
    )
    for months in checkpoints():
        numbers.employment.append(
            Employment(
                months=months,
                graduated_before=graduated_before(on, months),
                graduates=employment.get(f"graduates_{months}") or 0,
                recorded=employment.get(f"recorded_{months}") or 0,
                working=employment.get(f"working_{months}") or 0,
                by_speciality=employment.get(f"speciality_{months}") or 0,
                at_partner=employment.get(f"partner_{months}") or 0,
            )
        )
    return numbers


def _decimal(value) -> Decimal | None:
    # SQLite hands an average back as a float; the score is kept in Decimal like every other share.
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value)).quantize(Decimal("0.0001"))
