"""The scan access log and the coverage report that the page, the chart and the export share."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from profcluster.clusters.models import Cluster, Participation
from profcluster.core.permissions import PERSONAL_DATA, VIEW
from profcluster.organisations.models import Organisation
from profcluster.staff.models import (
    EXPIRY_WARNING_DAYS,
    Course,
    ScanAccess,
    StaffMember,
    TeachingAssignment,
    TrainingRecord,
)


def coverage_target() -> Decimal:
    return Decimal(str(getattr(settings, "PD_COVERAGE_TARGET", 100)))


def percent(part: int, whole: int) -> Decimal | None:
    """Share in per cent with one decimal place, half up; None when there is nobody to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def scan_access_record(*, record: TrainingRecord, user) -> ScanAccess:
    """Log a viewing of a document scan before the file is handed out (152-ФЗ: access to personal data is
    accountable). The log row is written even if the download is then interrupted."""
    access = ScanAccess(record=record, user=user)
    access._change_reason = "scan viewed"
    access.save()
    return access


@dataclass
class CoverageRow:
    organisation_id: int
    organisation: str
    category: str
    total: int
    trained: int

    @property
    def missing(self) -> int:
        return self.total - self.trained

    @property
    def share(self) -> Decimal | None:
        return percent(self.trained, self.total)

    @property
    def category_label(self) -> str:
        return StaffMember.Category(self.category).label


@dataclass
class Coverage:
    cluster: Cluster
    year: int
    on: datetime.date
    target: Decimal
    rows: list[CoverageRow]
    total: int
    trained: int
    missing: QuerySet
    expiring: QuerySet
    hours_by_format: list[dict]
    practitioner_hours: list[dict]
    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def share(self) -> Decimal | None:
        return percent(self.trained, self.total)

    @property
    def target_met(self) -> bool:
        return self.share is not None and self.share >= self.target


def coverage_period(year: int) -> tuple[datetime.date, datetime.date]:
    """The programme year and the day coverage is measured on: its last day, or today while it lasts."""
    end = datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), min(end, timezone.localdate())


def counted_staff(*, cluster: Cluster, user, on: datetime.date) -> QuerySet:
    """The denominator: teachers, masters and managers of the cluster's organisations working on the day.

    Practitioners and methodologists are not counted: the project's target is set for the colleges' own
    teaching and managerial staff. `qualified` says whether a completed record is in force on the day.
    """
    valid = TrainingRecord.objects.valid_on(on).filter(staff_member=OuterRef("pk"))
    return (
        StaffMember.objects.restrict(user, VIEW)
        .filter(
            clusters=cluster,
            category__in=StaffMember.COVERAGE_CATEGORIES,
            organisation__participations__cluster=cluster,
        )
        .filter(
            Q(date_from__isnull=True) | Q(date_from__lte=on), Q(date_to__isnull=True) | Q(date_to__gte=on)
        )
        .annotate(qualified=Exists(valid))
    )


def coverage_for_cluster(*, cluster: Cluster, user, year: int) -> Coverage:
    start, on = coverage_period(year)
    staff = counted_staff(cluster=cluster, user=user, on=on)
    grouped = (
        staff.values("organisation_id", "organisation__short_name", "category")
        .annotate(total=Count("pk"), trained=Count("pk", filter=Q(qualified=True)))
        .order_by("organisation__short_name", "category")
    )
    rows = [
        CoverageRow(
            g["organisation_id"], g["organisation__short_name"], g["category"], g["total"], g["trained"]
        )
        for g in grouped
    ]
    by_category: dict[str, tuple[int, int]] = {}
    for row in rows:
        total, trained = by_category.get(row.category, (0, 0))
        by_category[row.category] = (total + row.total, trained + row.trained)

    upcoming = TrainingRecord.objects.filter(
        staff_member=OuterRef("pk"),
        status__in=[TrainingRecord.Status.PLANNED, TrainingRecord.Status.IN_PROGRESS],
        date_to__gte=start,
    ).order_by("date_from")
    missing = (
        staff.filter(qualified=False)
        .with_pd_status(on)
        .select_related("person", "organisation")
        .annotate(
            next_course=Subquery(upcoming.values("course__title")[:1]),
            next_from=Subquery(upcoming.values("date_from")[:1]),
            next_status=Subquery(upcoming.values("status")[:1]),
        )
        .order_by("organisation__short_name", "person__surname", "person__name", "pk")
    )
    expiring = (
        staff.filter(qualified=True)
        .with_pd_status(on)
        .filter(pd_valid_until__lte=on + datetime.timedelta(days=EXPIRY_WARNING_DAYS))
        .select_related("person", "organisation")
        .order_by("pd_valid_until", "person__surname", "pk")
    )

    completed = Q(status=TrainingRecord.Status.COMPLETED)
    hours_by_format = list(
        TrainingRecord.objects.restrict(user, VIEW)
        .filter(staff_member__clusters=cluster, date_from__range=(start, datetime.date(year, 12, 31)))
        .exclude(status=TrainingRecord.Status.FAILED)
        .values("course__format")
        .annotate(
            planned=Sum("course__hours"),
            completed=Sum("course__hours", filter=completed),
            people=Count("staff_member", distinct=True),
            records=Count("pk"),
        )
        .order_by("course__format")
    )
    for item in hours_by_format:
        item["label"] = Course.Format(item["course__format"]).label
        item["completed"] = item["completed"] or 0

    total = sum(row.total for row in rows)
    trained = sum(row.trained for row in rows)
    return Coverage(
        cluster=cluster,
        year=year,
        on=on,
        target=coverage_target(),
        rows=rows,
        total=total,
        trained=trained,
        missing=missing,
        expiring=expiring,
        hours_by_format=hours_by_format,
        practitioner_hours=practitioner_hours(
            TeachingAssignment.objects.restrict(user, VIEW).filter(cluster=cluster), year=year
        ),
        by_category=by_category,
    )


def in_calendar_year(year: int) -> Q:
    """Semesters falling in a calendar year: the spring of the academic year before and this year's autumn."""
    return Q(academic_year=year - 1, semester=TeachingAssignment.Semester.SPRING) | Q(
        academic_year=year, semester=TeachingAssignment.Semester.AUTUMN
    )


def practitioner_hours(assignments: QuerySet, *, year: int | None = None) -> list[dict]:
    """Planned and delivered teaching hours of practitioners per employer and cluster, beside the hours the
    employer pledged on its participation in that cluster (its obligations)."""
    if year is not None:
        assignments = assignments.filter(in_calendar_year(year))
    pledged = Participation.objects.filter(
        cluster_id=OuterRef("cluster_id"), organisation_id=OuterRef("practitioner__organisation_id")
    ).values("teaching_hours_pledged")[:1]
    return list(
        assignments.values(
            "practitioner__organisation_id",
            "practitioner__organisation__short_name",
            "cluster_id",
            "cluster__name",
        )
        .annotate(
            planned=Sum("planned_hours"),
            delivered=Sum("delivered_hours"),
            practitioners=Count("practitioner", distinct=True),
            pledged=Subquery(pledged),
        )
        .order_by("practitioner__organisation__short_name", "cluster__name")
    )


def personal_data_organisations(user, organisation_ids) -> set[int]:
    """The organisations among `organisation_ids` whose staff's personal data the user may read."""
    return set(
        Organisation.objects.restrict(user, PERSONAL_DATA)
        .filter(pk__in=list(organisation_ids))
        .values_list("pk", flat=True)
    )
