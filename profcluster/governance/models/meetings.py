"""Meetings of the management company and ministry working meetings: agenda, attendance, decisions, votes,
assignments."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import RestrictedQuerySet
from profcluster.governance.models._rules import check_works_at


class MeetingQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("cluster__")


class Meeting(models.Model):
    """A meeting (заседание управляющей компании или рабочее совещание министерства) about one cluster."""

    class Kind(models.TextChoices):
        BOARD = "board", _("board meeting")
        WORKING = "working", _("ministry working meeting")

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BOARD)
    # "3/2023": the meeting's sequence in the year, given by services.meeting_create unless typed.
    number = models.CharField(_("number"), max_length=30, blank=True)
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    chair = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    invited = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("invited organisations"), blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "kind", "number"],
                name="meeting_unique_number",
                violation_error_message=_("A meeting of this kind with this number already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{capfirst(self.get_kind_display())} № {self.number} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    def clean(self):
        if not self.place and not self.online:
            raise ValidationError({"place": _("Give the place or mark the meeting as online.")})

    @property
    def votes_taken(self) -> bool:
        """Board meetings vote; a ministry working meeting records what was agreed without a vote."""
        return self.kind == self.Kind.BOARD


class AgendaItemQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("meeting__cluster__")


class AgendaItem(models.Model):
    """An item of the agenda (вопрос повестки) with its speakers (доклады)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("No."), default=1)
    title = models.CharField(_("question"), max_length=500)
    speakers = models.ManyToManyField(
        "organisations.Person", verbose_name=_("speakers"), blank=True, related_name="+"
    )
    # Set when the item reports on an assignment still open from an earlier meeting.
    carried_assignment = models.ForeignKey(
        "Assignment",
        verbose_name=_("carried-over assignment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.meeting_id])


class AttendanceQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("meeting__cluster__")


class Attendance(models.Model):
    """A person present at a meeting (присутствовали)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "organisations.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "person__surname", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_once_per_meeting",
                violation_error_message=_("This person is already marked present."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.meeting_id])


class DecisionQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("meeting__cluster__")

    def with_votes(self):
        return self.annotate(
            votes_for=Count("votes", filter=Q(votes__choice=Vote.Choice.FOR)),
            votes_against=Count("votes", filter=Q(votes__choice=Vote.Choice.AGAINST)),
            votes_abstain=Count("votes", filter=Q(votes__choice=Vote.Choice.ABSTAIN)),
        )


class Decision(models.Model):
    """A decision of a meeting (решение), numbered within the meeting: 3/2023-1."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        AGREED = "agreed", _("agreed without a vote")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    sequence = models.PositiveSmallIntegerField(_("No. in the meeting"))
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "sequence"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "sequence"],
                name="decision_unique_sequence",
                violation_error_message=_("The meeting already has a decision with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Decision')} № {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.meeting_id]) + f"#decision-{self.pk}"

    @property
    def number(self) -> str:
        return f"{self.meeting.number}-{self.sequence}"

    def vote_counts(self) -> tuple[int, int, int]:
        """(for, against, abstain): from `with_votes()` annotations when present, else counted."""
        if hasattr(self, "votes_for"):
            return self.votes_for, self.votes_against, self.votes_abstain
        counts = dict(self.votes.values_list("choice").annotate(n=Count("pk")))
        c = Vote.Choice
        return counts.get(c.FOR, 0), counts.get(c.AGAINST, 0), counts.get(c.ABSTAIN, 0)

    @property
    def outcome(self) -> str:
        """Adopted by more than half of the votes of the voting members present (every one of them votes)."""
        if not self.meeting.votes_taken:
            return self.Outcome.AGREED
        votes_for, against, abstain = self.vote_counts()
        return (
            self.Outcome.ADOPTED if 2 * votes_for > votes_for + against + abstain else self.Outcome.REJECTED
        )

    def get_outcome_display(self) -> str:
        return self.Outcome(self.outcome).label


class VoteQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("decision__meeting__cluster__")


class Vote(models.Model):
    """A member's vote on a decision (голосование): for, against or abstained."""

    class Choice(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstained")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(
        "governance.BoardMember",
        verbose_name=_("board member"),
        on_delete=models.PROTECT,
        related_name="votes",
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    history = HistoricalRecords()

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "member"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "member"],
                name="vote_once_per_member",
                violation_error_message=_("This member has already voted on the decision."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.person}: {self.get_choice_display()}"

    def get_absolute_url(self) -> str:
        return self.decision.get_absolute_url()


class AssignmentQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("decision__meeting__cluster__")

    def open(self):
        return self.filter(status__in=Assignment.OPEN)


class Assignment(models.Model):
    """An assignment given by a decision (поручение) to a person and organisation, with a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    OPEN = (Status.OPEN, Status.IN_PROGRESS)

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="assignments"
    )
    text = models.TextField(_("assignment"))
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("responsible organisation"),
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
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_note = models.TextField(_("completion note"), blank=True)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="assignment_done_has_date",
                violation_error_message=_("A done assignment needs its completion date."),
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def get_absolute_url(self) -> str:
        return (
            reverse("governance:meeting_detail", args=[self.decision.meeting_id]) + f"#assignment-{self.pk}"
        )

    def clean(self):
        errors = {}
        if self.status == self.Status.DONE and not self.completed_on:
            errors["completed_on"] = _("A done assignment needs its completion date.")
        check_works_at(
            errors,
            self.responsible_person,
            getattr(self, "responsible_organisation", None),
            "responsible_person",
        )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def is_overdue(self, on: date) -> bool:
        return self.is_open and self.due_date < on
