"""The management company of a cluster (управляющая компания): its collegial body and members."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import RestrictedQuerySet
from profcluster.governance.models._rules import (
    check_order,
    check_participant,
    check_works_at,
    dates_in_order,
)


class BoardQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("cluster__")


class Board(models.Model):
    """The management company of a cluster (управляющая компания): its collegial body and quorum rule."""

    class Quorum(models.TextChoices):
        MAJORITY = "majority", _("more than half of the voting members")
        TWO_THIRDS = "two_thirds", _("at least two thirds of the voting members")
        ALL = "all", _("all voting members")

    cluster = models.OneToOneField(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="board"
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    quorum_rule = models.CharField(
        _("quorum"), max_length=20, choices=Quorum.choices, default=Quorum.MAJORITY
    )
    history = HistoricalRecords()

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["cluster"]
        verbose_name = _("management company")
        verbose_name_plural = _("management companies")

    def __str__(self) -> str:
        return f"{self.display_name}: {self.cluster}"

    def get_absolute_url(self) -> str:
        return reverse("governance:cluster_governance", args=[self.cluster_id])

    @property
    def display_name(self) -> str:
        return self.name or str(_("Management company"))

    def quorum_needed(self, voting_members: int) -> int:
        """How many voting members must be present; integers only, so that "more than half" is exact."""
        if self.quorum_rule == self.Quorum.TWO_THIRDS:
            return -(-2 * voting_members // 3)
        if self.quorum_rule == self.Quorum.ALL:
            return voting_members
        return voting_members // 2 + 1


class BoardMemberQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("board__cluster__")

    def valid_on(self, day: date):
        return self.filter(Q(term_from__isnull=True) | Q(term_from__lte=day)).filter(
            Q(term_to__isnull=True) | Q(term_to__gte=day)
        )


class BoardMember(models.Model):
    """A member of the management company (член управляющей компании) representing a participant."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY = "deputy", _("deputy chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "organisations.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation represented"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    voting = models.BooleanField(_("voting"), default=True, help_text=_("Advisory members do not vote."))
    term_from = models.DateField(_("term from"), null=True, blank=True)
    term_to = models.DateField(_("term to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        ordering = ["board", "position", "person__surname", "person__name"]
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        constraints = [dates_in_order("term_from", "term_to", "boardmember_term_in_order")]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation})"

    def get_absolute_url(self) -> str:
        return reverse("governance:cluster_governance", args=[self.board.cluster_id])

    def clean(self):
        errors = {}
        check_order(errors, self.term_from, self.term_to, "term_to")
        if self.board_id:
            check_participant(
                errors, self.board.cluster_id, getattr(self, "organisation", None), "organisation"
            )
        if self.person_id and self.organisation_id:
            check_works_at(errors, self.person, self.organisation, "person")
        if self.board_id and self.person_id and self._overlapping().filter(person_id=self.person_id).exists():
            errors["person"] = _("This person is already a member for an overlapping term.")
        if (
            self.board_id
            and self.position == self.Position.CHAIR
            and self._overlapping().filter(position=self.Position.CHAIR).exists()
        ):
            errors["position"] = _("The board already has a chair for an overlapping term.")
        if errors:
            raise ValidationError(errors)

    def _overlapping(self):
        others = BoardMember.objects.filter(board_id=self.board_id).exclude(pk=self.pk)
        if self.term_to:
            others = others.filter(Q(term_from__isnull=True) | Q(term_from__lte=self.term_to))
        if self.term_from:
            others = others.filter(Q(term_to__isnull=True) | Q(term_to__gte=self.term_from))
        return others
