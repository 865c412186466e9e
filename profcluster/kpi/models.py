"""Indicators (показатели), their targets and the reporting cycle of the clusters.

Values are never typed where the registers hold the facts: a computed indicator names a formula of
`kpi.formulas`, and only a manual indicator takes a value by hand, with a justification and evidence.
"""

import datetime
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import ACCEPT, VIEW, RestrictedQuerySet
from profcluster.staff.models import validate_scan


def value_field(verbose_name, **kwargs):
    # Indicators mix roubles, percentages and ratios (0,3 rouble per rouble): four places keep a ratio exact
    # enough, seventeen digits hold national rouble totals. Never a float.
    return models.DecimalField(verbose_name, max_digits=19, decimal_places=4, **kwargs)


class DefinitionQuerySet(RestrictedQuerySet):
    """Definitions are read by everyone signed in and changed by the federal operator (and admins)."""

    def scope_filter(self, scope, action):
        return Q() if action == VIEW else Q(pk__in=[])


class Indicator(models.Model):
    """An indicator of the cluster passport (показатель паспорта кластера): how it is measured, judged."""

    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        PERCENT = "percent", _("per cent")
        HOURS = "hours", _("hours")
        ROUBLES = "roubles", _("roubles")
        RATIO = "ratio", _("roubles per federal rouble")
        UNITS = "units", _("units")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Periodicity(models.TextChoices):
        QUARTER = "quarter", _("quarterly")
        YEAR = "year", _("yearly")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    periodicity = models.CharField(
        _("periodicity"), max_length=10, choices=Periodicity.choices, default=Periodicity.QUARTER
    )
    formula = models.CharField(
        _("formula"),
        max_length=50,
        blank=True,
        help_text=_("Left empty, the value is entered by hand with a justification and evidence."),
    )
    description = models.TextField(_("method of calculation"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = DefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kpi:indicator_edit", args=[self.pk])

    @property
    def is_manual(self) -> bool:
        return not self.formula

    @property
    def lower_is_better(self) -> bool:
        return self.direction == self.Direction.LOWER

    def clean(self):
        from profcluster.kpi.formulas import FORMULAS

        if self.formula and self.formula not in FORMULAS:
            raise ValidationError({"formula": _("There is no formula with this name.")})


class ReportingPeriod(models.Model):
    """A reporting period (отчётный период): a quarter or a year with the deadline for reports."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    deadline = models.DateField(_("deadline"))
    # A closed period takes no more manual values, except through a per-cluster exception.
    closed = models.BooleanField(_("closed"), default=False)
    history = HistoricalRecords()

    objects = DefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "-quarter"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="quarter", quarter__isnull=False) | Q(kind="year", quarter__isnull=True),
                name="reportingperiod_quarter_only_for_quarters",
                violation_error_message=_("A quarter has its number, a year has none."),
            ),
            models.UniqueConstraint(
                fields=["year", "kind", "quarter"],
                name="reportingperiod_unique",
                violation_error_message=_("This period already exists."),
            ),
            # NULL quarters are distinct for a unique index: one year period per year needs its own rule.
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(kind="year"),
                name="reportingperiod_one_year_period",
                violation_error_message=_("This period already exists."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.YEAR:
            return f"{self.year} год"
        return f"{self.quarter} квартал {self.year} года"

    def get_absolute_url(self) -> str:
        return reverse("kpi:period_list")

    @property
    def start(self) -> datetime.date:
        month = 1 if self.kind == self.Kind.YEAR else 3 * (self.quarter - 1) + 1
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        if self.kind == self.Kind.YEAR:
            return datetime.date(self.year, 12, 31)
        first_of_next = datetime.date(self.year + self.quarter // 4, self.quarter % 4 * 3 + 1, 1)
        return first_of_next - datetime.timedelta(days=1)

    def measured_on(self, today: datetime.date | None = None) -> datetime.date:
        """The day the values describe: the period's last day, or today while the period lasts."""
        return min(self.end, today or timezone.localdate())

    def clean(self):
        if self.kind == self.Kind.QUARTER and not self.quarter:
            raise ValidationError({"quarter": _("A quarter has its number, a year has none.")})
        if self.kind == self.Kind.YEAR and self.quarter:
            raise ValidationError({"quarter": _("A quarter has its number, a year has none.")})
        if self.year and self.deadline and self.deadline < self.end:
            raise ValidationError({"deadline": _("The deadline comes before the period ends.")})


class ClusterRowQuerySet(RestrictedQuerySet):
    """Rows of a cluster's reporting: its own and its region's people (and the federal operator) see them;
    an organisation member of the cluster does not (aggregate results, like a cluster's plan in finance)."""

    def scope_filter(self, scope, action):
        return scope.cluster_or_own_q("cluster__", None)


class Target(models.Model):
    """A target value (плановое значение) of an indicator for a cluster and a year."""

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="kpi_targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    value = value_field(_("target value"))
    history = HistoricalRecords()

    objects = ClusterRowQuerySet.as_manager()

    class Meta:
        ordering = ["cluster", "year", "indicator__position"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "indicator", "year"],
                name="target_unique",
                violation_error_message=_("The cluster already has a target for this indicator and year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.year}: {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("kpi:cluster", args=[self.cluster_id])


def evidence_path(instance, filename: str) -> str:
    # A random name: nothing guessable on disk or in a URL; the file is served only through the gate.
    return f"kpi/evidence/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ManualValue(models.Model):
    """A value of a manual indicator (значение, вносимое вручную) with its justification and evidence."""

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="kpi_values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="manual_values"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="manual_values"
    )
    value = value_field(_("value"))
    justification = models.TextField(_("justification"))
    evidence = models.FileField(
        _("evidence"),
        upload_to=evidence_path,
        validators=[validate_scan],
        help_text=_("A PDF, JPEG or PNG file of at most 5 MB."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ClusterRowQuerySet.as_manager()

    class Meta:
        ordering = ["cluster", "period", "indicator__position"]
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "indicator", "period"],
                name="manualvalue_unique",
                violation_error_message=_("The value of this indicator for the period is already entered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.period}: {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("kpi:report", args=[self.cluster_id, self.period_id])

    def clean(self):
        errors = {}
        if self.indicator_id and not self.indicator.is_manual:
            errors["indicator"] = _("This indicator is computed from the records; it is not entered by hand.")
        if not (self.justification or "").strip():
            errors["justification"] = _("Explain where the value comes from.")
        if errors:
            raise ValidationError(errors)


class LockException(models.Model):
    """Permission to enter manual values of a closed period (исключение из блокировки) for one cluster."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="kpi_lock_exceptions",
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="lock_exceptions"
    )
    reason = models.TextField(_("reason"))
    until = models.DateField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ClusterRowQuerySet.as_manager()

    class Meta:
        ordering = ["-until"]
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")

    def __str__(self) -> str:
        return f"{self.cluster} — {self.period} (до {self.until:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("kpi:report", args=[self.cluster_id, self.period_id])

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the exception.")})


class ReportQuerySet(ClusterRowQuerySet):
    def pending_for(self, user):
        """Reports waiting for this user's act: to approve (region) or to accept (federal operator)."""
        return self.restrict(user, "verify").filter(status=Report.Status.SUBMITTED) | self.restrict(
            user, ACCEPT
        ).filter(status=Report.Status.APPROVED)


class Report(models.Model):
    """A cluster's report for a period (отчёт кластера о достижении показателей) and where it stands."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for revision")
        APPROVED = "approved", _("approved by the region")
        ACCEPTED = "accepted", _("accepted by the federal operator")

    # While the cluster works on it the values are live; from submission on they are the snapshot.
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="kpi_reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    comment = models.TextField(_("comment of the reviewer"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period__year", "period__kind", "-period__quarter", "cluster__name"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "period"],
                name="report_one_per_cluster_and_period",
                violation_error_message=_("The cluster already has a report for this period."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft"]) | Q(submitted_at__isnull=False),
                name="report_submitted_has_date",
                violation_error_message=_("A submitted report records when it was submitted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("kpi:report", args=[self.cluster_id, self.period_id])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def has_snapshot(self) -> bool:
        return self.submitted_at is not None


class ReportValueQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_or_own_q("report__cluster__", None)


class ReportValue(models.Model):
    """A frozen value of an indicator in a submitted report (значение в отчёте на дату представления)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="report_values"
    )
    value = value_field(_("value"), null=True, blank=True)
    target = value_field(_("target value"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReportValueQuerySet.as_manager()

    class Meta:
        ordering = ["report", "indicator__position", "indicator__code"]
        verbose_name = _("report value")
        verbose_name_plural = _("report values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="reportvalue_unique",
                violation_error_message=_("The report already has a value of this indicator."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()


class TransitionQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # The log is written by services only; nobody edits it.
        return scope.cluster_or_own_q("report__cluster__", None) if action == VIEW else Q(pk__in=[])


class ReportTransition(models.Model):
    """One step of a report (движение отчёта): from which status to which, who, when and why."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Report.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Report.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()


class ReportJobQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # A generated file is its author's: it holds what the author may see, not what others may.
        return Q(user_id=scope.user_id)


class ReportJob(models.Model):
    """A large report being generated in the background (формирование отчёта) and its file when ready."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("regional summary")
        REGIONAL_PDF = "regional_pdf", _("regional summary with charts (PDF)")
        FEDERAL = "federal", _("federal export")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    done_steps = models.PositiveSmallIntegerField(_("steps done"), default=0)
    total_steps = models.PositiveSmallIntegerField(_("steps"), default=0)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content = models.BinaryField(_("content"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["content"])

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("kpi:job", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.done_steps / self.total_steps) if self.total_steps else 0


ZERO = Decimal("0")
