"""The programme of activities (программа деятельности): versions, activities, milestones."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import RestrictedQuerySet
from profcluster.governance.models._rules import (
    check_order,
    check_participant,
    check_works_at,
    dates_in_order,
)


class ProgrammeQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("cluster__")


class Programme(models.Model):
    """A version of the programme of activities of a cluster (программа деятельности).

    A revision is a new row with the next version number and copies of the activities; the previous version
    stays as it was, readable, and the decision of the board that approved a version is linked to it.
    """

    cluster = models.ForeignKey(
        "clusters.Cluster",
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="activity_programmes",
    )
    title = models.CharField(_("title"), max_length=300)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    approved_by = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("approved by decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_programmes",
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["cluster", "-version"]
        verbose_name = _("programme of activities")
        verbose_name_plural = _("programmes of activities")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "version"],
                name="programme_unique_version_in_cluster",
                violation_error_message=_("The cluster already has a programme with this version."),
            ),
            dates_in_order("period_start", "period_end", "programme_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({_('version')} {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("governance:programme_detail", args=[self.pk])

    def clean(self):
        errors = {}
        check_order(errors, self.period_start, self.period_end, "period_end")
        if self.approved_by_id and self.approved_by.meeting.cluster_id != self.cluster_id:
            errors["approved_by"] = _("The decision was taken in another cluster.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "next_version")


class ActivityQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("programme__cluster__")

    def open(self):
        return self.exclude(status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])

    def overdue(self, on: date):
        return self.open().filter(planned_end__lt=on)

    def in_year(self, year: int):
        """Activities whose planned period touches the calendar year: the year's plan (план мероприятий)."""
        return self.filter(planned_start__lte=date(year, 12, 31), planned_end__gte=date(year, 1, 1))


class Activity(models.Model):
    """An activity of the programme (мероприятие программы деятельности), planned and then carried out.

    It may be linked to the spending categories (направления расходов) of the finance app that pay for it.
    """

    class Direction(models.TextChoices):
        INFRASTRUCTURE = "infrastructure", _("infrastructure and equipment")
        PROGRAMMES = "programmes", _("educational programmes")
        STAFF = "staff", _("staff development")
        MENTORS = "mentors", _("industry mentors")
        CAREER = "career", _("career guidance and admission")
        EMPLOYMENT = "employment", _("employment")
        MARKETING = "marketing", _("marketing")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        # With a context: "planned" alone is a money column elsewhere («план»), and catalogues are shared.
        PLANNED = "planned", pgettext_lazy("activity status", "planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=500)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_person = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    expected_result = models.TextField(_("expected result"), blank=True)
    achieved_result = models.TextField(_("achieved result"), blank=True)
    spending_categories = models.ManyToManyField(
        "finance.SpendingCategory",
        blank=True,
        related_name="activities",
        verbose_name=_("spending categories"),
    )
    history = HistoricalRecords()

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["planned_start", "planned_end", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            dates_in_order("planned_start", "planned_end", "activity_planned_in_order"),
            dates_in_order("actual_start", "actual_end", "activity_actual_in_order"),
            # A finished activity says when it finished: the report on work done counts on it.
            models.CheckConstraint(
                condition=~Q(status="done") | Q(actual_end__isnull=False),
                name="activity_done_has_actual_end",
                violation_error_message=_("A done activity needs its actual end date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:activity_detail", args=[self.pk])

    def clean(self):
        errors = {}
        check_order(errors, self.planned_start, self.planned_end, "planned_end")
        check_order(errors, self.actual_start, self.actual_end, "actual_end")
        if self.status == self.Status.DONE and not self.actual_end:
            errors["actual_end"] = _("A done activity needs its actual end date.")
        if self.programme_id:
            check_participant(
                errors, self.programme.cluster_id, self.responsible_organisation, "responsible_organisation"
            )
        check_works_at(errors, self.responsible_person, self.responsible_organisation, "responsible_person")
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, on: date) -> bool:
        return self.status not in (self.Status.DONE, self.Status.CANCELLED) and self.planned_end < on


class MilestoneQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("activity__programme__cluster__")


class Milestone(models.Model):
    """A checkpoint of an activity (контрольная точка) with its due date."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "title"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:activity_detail", args=[self.activity_id])

    def is_overdue(self, on: date) -> bool:
        return self.reached_on is None and self.due_date < on
