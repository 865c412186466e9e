"""Competitive selection of clusters (конкурсный отбор) and the public showcase of the clusters it created.

The federal ministry announces a call, regions apply with a proposed cluster, experts score the applications,
and the selected ones become clusters. What the public may read about a cluster is a separate, explicitly
published record, so that nothing reaches the open pages by accident.
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, NullIf, Rank, Round
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.clusters.models import Cluster, Participation
from profcluster.core.permissions import ACCEPT, CHANGE, VIEW, RestrictedQuerySet
from profcluster.core.uploads import DOCUMENT_TYPES
from profcluster.education.models import validate_fgos_code
from profcluster.finance.models import Source, money_field
from profcluster.governance.models import Activity

ZERO = Decimal("0.00")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = DOCUMENT_TYPES[".pdf"][0]


def percent_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **kwargs,
    )


def nothing() -> Q:
    return Q(pk__in=[])


# --- The call -----------------------------------------------------------------------------------------------


class Mean(models.Func):
    """`sum / count` as a decimal. SQLite keeps whole sums as integers and would divide them as integers
    (77 / 2 = 38); multiplying by 1.0 inside the expression, where Django adds no cast, prevents it."""

    template = "(%(expressions)s)"
    arg_joiner = " * 1.0 / "
    output_field = models.DecimalField(max_digits=15, decimal_places=2)


class SelectionCallQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # A call is an announcement: everybody signed in reads it; only the federal operator (its "accept"
        # scope) and administrators manage it.
        return Q() if action == VIEW else nothing()


class SelectionCall(models.Model):
    """A competitive selection call (конкурсный отбор) of a year for one kind of cluster."""

    year = models.PositiveSmallIntegerField(
        _("selection year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    cluster_kind = models.CharField(
        _("cluster kind"), max_length=20, choices=Cluster.Kind.choices, default=Cluster.Kind.OPC
    )
    title = models.CharField(_("title"), max_length=300)
    industries = models.ManyToManyField(
        "reference.Industry", verbose_name=_("industries allowed"), related_name="selection_calls"
    )
    grant_size = money_field(_("federal grant per cluster"), validators=[MinValueValidator(ZERO)])
    min_regional_percent = percent_field(_("minimum regional co-financing, per cent of the grant"))
    min_non_budget_percent = percent_field(
        _("minimum employer and extra-budgetary co-financing, per cent of the grant")
    )
    opens_on = models.DateField(_("applications from"))
    closes_on = models.DateField(_("applications until"))
    # Experts disagree when the spread of their totals exceeds this share of the highest possible total.
    disagreement_percent = percent_field(
        _("disagreement threshold, per cent of the maximum total"), default=20
    )
    is_published = models.BooleanField(_("published"), default=False)
    history = HistoricalRecords(m2m_fields=[industries])

    objects = SelectionCallQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "cluster_kind"]
        verbose_name = _("selection call")
        verbose_name_plural = _("selection calls")
        constraints = [
            # The co-financing rules are keyed by year and kind, so one call feeds one pair of rules.
            models.UniqueConstraint(
                fields=["year", "cluster_kind"],
                name="selectioncall_unique_year_kind",
                violation_error_message=_("A call for this year and cluster kind already exists."),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="selectioncall_window_in_order",
                violation_error_message=_("The application window closes before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("selection:call_detail", args=[self.pk])

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The application window closes before it opens.")})

    def is_open(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.is_published and self.opens_on <= on <= self.closes_on

    @property
    def max_total(self) -> Decimal:
        return sum((c.weight * c.max_score for c in self.criteria.all()), ZERO)


class CriterionQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return Q() if action == VIEW else nothing()


class Criterion(models.Model):
    """An evaluation criterion of a call (критерий оценки) with its weight and its score scale 0..max."""

    call = models.ForeignKey(
        SelectionCall, verbose_name=_("selection call"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("name"), max_length=300)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "name"],
                name="criterion_unique_name_in_call",
                violation_error_message=_("The call already has a criterion with this name."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0, max_score__gte=1),
                name="criterion_positive_weight_and_scale",
                violation_error_message=_("The weight and the maximum score must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("selection:call_detail", args=[self.call_id])


# --- Applications -------------------------------------------------------------------------------------------


def application_q(scope, action: str, prefix: str = "") -> Q:
    """Applications (reached by `prefix`) in the scope: the applying region's and an expert's own."""
    if action == ACCEPT:
        return nothing()  # the federal operator's scope is "everything"; nobody else accepts
    q = Q(**{f"{prefix}region_id__in": scope.region_ids})
    if action == VIEW and scope.user_id:
        assigned = ExpertAssignment.objects.filter(expert__user_id=scope.user_id).values("application_id")
        q |= Q(**{f"{prefix}pk__in": assigned})
    return q


class ApplicationQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return application_q(scope, action)

    def with_scores(self):
        """Expert scores computed by the database: `total` (mean of the experts' weighted totals), `spread`
        (highest minus lowest expert total), `max_total` of the call and `disagreement` (spread above the
        call's threshold)."""
        per_expert = (
            ExpertAssignment.objects.filter(application=OuterRef("pk"))
            .with_total()
            .filter(scored__gt=0)
            .values("total")
        )
        scores = (
            Score.objects.filter(assignment__application=OuterRef("pk"))
            .order_by()
            .values("assignment__application")
        )
        decimal = models.DecimalField(max_digits=15, decimal_places=2)
        sum_all = scores.annotate(s=Sum(F("score") * F("criterion__weight"), output_field=decimal)).values(
            "s"
        )
        experts = scores.annotate(n=Count("assignment", distinct=True)).values("n")
        max_total = (
            Criterion.objects.filter(call=OuterRef("call"))
            .order_by()
            .values("call")
            .annotate(m=Sum(F("max_score") * F("weight"), output_field=decimal))
            .values("m")
        )
        return self.annotate(
            experts_count=Coalesce(Subquery(experts), Value(0)),
            total=Round(
                Mean(Subquery(sum_all, output_field=decimal), NullIf(Subquery(experts), Value(0))),
                2,
                output_field=decimal,
            ),
            top_total=Subquery(per_expert.order_by("-total")[:1], output_field=decimal),
            bottom_total=Subquery(per_expert.order_by("total")[:1], output_field=decimal),
            max_total=Subquery(max_total, output_field=decimal),
        ).annotate(
            spread=F("top_total") - F("bottom_total"),
            disagreement=GreaterThan(
                (F("top_total") - F("bottom_total")) * Value(100),
                F("call__disagreement_percent") * F("max_total"),
            ),
        )

    def ranked(self):
        """Applications in review or decided, ranked by total within their call (ties share a rank)."""
        return (
            self.filter(status__in=Application.REVIEWED)
            .with_scores()
            .annotate(
                rank=Window(Rank(), partition_by=F("call_id"), order_by=F("total").desc(nulls_last=True))
            )
            .order_by("call_id", "rank", "pk")
        )


class Application(models.Model):
    """A region's application (заявка) to a selection call for a proposed cluster."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        UNDER_REVIEW = "under_review", _("under review")
        SELECTED = "selected", _("selected")
        NOT_SELECTED = "not_selected", _("not selected")

    REVIEWED = (Status.UNDER_REVIEW, Status.SELECTED, Status.NOT_SELECTED)

    call = models.ForeignKey(
        SelectionCall, verbose_name=_("selection call"), on_delete=models.PROTECT, related_name="applications"
    )
    region = models.ForeignKey(
        "reference.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    cluster_name = models.CharField(_("proposed cluster name"), max_length=300)
    industry = models.ForeignKey(
        "reference.Industry", verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+"
    )
    base_college = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("base college"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Set by services.application_convert; the cluster's history names the application it came from.
    cluster = models.OneToOneField(
        "clusters.Cluster",
        verbose_name=_("created cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="selection_application",
    )
    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-call__year", "region__name", "cluster_name"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "region", "cluster_name"],
                name="application_unique_name_in_call",
                violation_error_message=_("The region has already applied for a cluster with this name."),
            ),
            models.CheckConstraint(
                condition=Q(cluster__isnull=True) | Q(status="selected"),
                name="application_cluster_only_when_selected",
                violation_error_message=_("Only a selected application becomes a cluster."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster_name} ({self.region})"

    def get_absolute_url(self) -> str:
        return reverse("selection:application_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT

    def clean(self):
        errors = {}
        if (
            self.call_id
            and self.industry_id
            and not self.call.industries.filter(pk=self.industry_id).exists()
        ):
            errors["industry"] = _("The call does not allow this industry.")
        if self.base_college_id:
            college = self.base_college
            if college.kind != college.Kind.COLLEGE:
                errors["base_college"] = _("The base organisation must be a college.")
            elif self.region_id and college.region_id != self.region_id:
                errors["base_college"] = _("The base college must be in the applying region.")
        if self.cluster_id and self.status != self.Status.SELECTED:
            errors["cluster"] = _("Only a selected application becomes a cluster.")
        if errors:
            raise ValidationError(errors)

    def organisation_ids(self) -> set[int]:
        """The base college and every participant: whom an expert must not belong to."""
        return {self.base_college_id, *self.participants.values_list("organisation_id", flat=True)}


class ApplicationPartQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return application_q(scope, action, "application__")


class ApplicationPart(models.Model):
    """What the rows of an application share: they belong to one application and are edited with it."""

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("selection:application_detail", args=[self.application_id])


class ApplicationParticipant(ApplicationPart):
    """A proposed participant of the cluster (участник) other than the base college, with its role."""

    ROLES = [choice for choice in Participation.Role.choices if choice[0] != Participation.Role.BASE_COLLEGE]

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLES)
    obligations = models.TextField(_("obligations"), blank=True)
    history = HistoricalRecords()

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        ordering = ["application", "role", "organisation__short_name"]
        verbose_name = _("proposed participant")
        verbose_name_plural = _("proposed participants")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "organisation"],
                name="applicationparticipant_unique",
                violation_error_message=_("This organisation is already in the application."),
            ),
            models.CheckConstraint(
                condition=~Q(role="base_college"),
                name="applicationparticipant_not_base",
                violation_error_message=_("The base college is chosen on the application itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"

    def clean(self):
        if self.application_id and self.organisation_id == self.application.base_college_id:
            raise ValidationError(
                {"organisation": _("The base college is chosen on the application itself.")}
            )


class PlannedProgramme(ApplicationPart):
    """A programme the cluster plans (планируемая образовательная программа): ФГОС СПО code and name."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="programmes"
    )
    code = models.CharField(_("FGOS SPO code"), max_length=8, validators=[validate_fgos_code])
    name = models.CharField(_("name"), max_length=300)
    planned_intake = models.PositiveSmallIntegerField(_("planned intake per year"), default=0)
    history = HistoricalRecords()

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        ordering = ["application", "code"]
        verbose_name = _("planned programme")
        verbose_name_plural = _("planned programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "code"],
                name="plannedprogramme_unique_code",
                violation_error_message=_("This programme is already in the application."),
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^\d{2}\.0[12]\.\d{2}$"),
                name="plannedprogramme_code_format",
                violation_error_message=_("A code of the FGOS SPO list looks like 15.01.05 or 15.02.16."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ApplicationBudgetLine(ApplicationPart):
    """A planned amount of the application's budget (финансирование) by source, year and spending category."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    category = models.ForeignKey(
        "finance.SpendingCategory",
        verbose_name=_("spending category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    history = HistoricalRecords()

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        ordering = ["application", "year", "source", "category__position"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "year", "source", "category"],
                name="applicationbudgetline_unique_cell",
                violation_error_message=_("This year, source and category are already in the budget."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="applicationbudgetline_amount_positive",
                violation_error_message=_("The amount must be positive."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}, {self.get_source_display()} / {self.category}"


class PlannedActivity(ApplicationPart):
    """A draft activity of the programme of activities (проект программы деятельности) for a year."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=500)
    direction = models.CharField(_("direction"), max_length=20, choices=Activity.Direction.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    history = HistoricalRecords()

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        ordering = ["application", "year", "title"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")

    def __str__(self) -> str:
        return self.title


def validate_pdf(file) -> None:
    """A PDF of at most 10 MB, recognised by its first bytes, not by the name the uploader gave it."""
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="attachment_size")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(position)
    if head != PDF_MAGIC:
        raise ValidationError(_("The file is not a PDF document."), code="attachment_content")


def attachment_path(instance, filename: str) -> str:
    # A random name: nothing guessable on disk, and the file is reachable only through the gate view.
    return f"selection/attachments/{uuid.uuid4().hex}.pdf"


class Attachment(ApplicationPart):
    """A document attached to an application (приложение к заявке), a PDF."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file (PDF)"), upload_to=attachment_path, validators=[validate_pdf])
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ApplicationPartQuerySet.as_manager()

    class Meta:
        ordering = ["application", "uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        return f"application-{self.application_id}-{self.pk}{Path(self.file.name).suffix}"


class TransitionQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return application_q(scope, action, "application__") if action == VIEW else nothing()


class Transition(models.Model):
    """A step of an application's lifecycle (смена статуса заявки): who moved it, when, from what to what."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Application.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Application.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="transition_changes_status",
                violation_error_message=_("A status change changes the status."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


# --- Experts ------------------------------------------------------------------------------------------------


class ExpertQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # The federal operator (view: everything; accept: manages) and the expert itself.
        return Q(user_id=scope.user_id) if action == VIEW else nothing()


class Expert(models.Model):
    """An expert of the selection (эксперт конкурсного отбора), with its region and organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="expert"
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expertise = models.CharField(_("field of expertise"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return self.user.display_name

    def get_absolute_url(self) -> str:
        return reverse("selection:expert_list")

    def affiliations(self) -> tuple[set[int], set[int]]:
        """(region ids, organisation ids) the expert belongs to: its profile and every role it holds.

        An organisation's region counts as the expert's own region too: a college teacher of Altai Krai is not
        an independent judge of Altai Krai's application even without a regional role.
        """
        from profcluster.accounts.models import RoleAssignment
        from profcluster.organisations.models import Organisation

        regions, organisations = {self.region_id}, {self.organisation_id}
        for region_id, cluster_region_id, organisation_id in RoleAssignment.objects.filter(
            user_id=self.user_id
        ).values_list("region_id", "cluster__region_id", "organisation_id"):
            regions |= {region_id, cluster_region_id}
            organisations.add(organisation_id)
        organisations.discard(None)
        regions |= set(Organisation.objects.filter(pk__in=organisations).values_list("region_id", flat=True))
        regions.discard(None)
        return regions, organisations

    def conflict_with(self, application: Application) -> str:
        """Why the expert may not review the application, or "" when it may."""
        regions, organisations = self.affiliations()
        if application.region_id in regions:
            return str(_("The expert belongs to the applying region."))
        if organisations & application.organisation_ids():
            return str(_("The expert belongs to an organisation of the application."))
        return ""


class ExpertAssignmentQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # Only the expert itself; the federal operator sees and assigns everything through its own scopes.
        return Q(expert__user_id=scope.user_id) if action in (VIEW, CHANGE) else nothing()

    def with_total(self):
        decimal = models.DecimalField(max_digits=15, decimal_places=2)
        return self.annotate(
            total=Coalesce(
                Sum(F("scores__score") * F("scores__criterion__weight"), output_field=decimal),
                Value(ZERO),
                output_field=decimal,
            ),
            scored=Count("scores"),
        )


class ExpertAssignment(models.Model):
    """An expert assigned to review an application (назначение эксперта)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ExpertAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["application", "expert__user__last_name", "pk"]
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"],
                name="expertassignment_unique",
                violation_error_message=_("The expert is already assigned to this application."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} — {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("selection:assignment_score", args=[self.pk])

    def clean(self):
        if self.application_id and self.expert_id:
            reason = self.expert.conflict_with(self.application)
            if reason:
                raise ValidationError({"expert": reason})


class ScoreQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return Q(assignment__expert__user_id=scope.user_id) if action in (VIEW, CHANGE) else nothing()


class Score(models.Model):
    """An expert's score on one criterion (оценка эксперта), 0..the criterion's maximum, with a comment."""

    assignment = models.ForeignKey(
        ExpertAssignment, verbose_name=_("expert assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["assignment", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"],
                name="score_unique_per_criterion",
                violation_error_message=_("The expert has already scored this criterion."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0),
                name="score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"

    def clean(self):
        if self.criterion_id and self.score is not None and self.score > self.criterion.max_score:
            raise ValidationError(
                {"score": _("The score is above the maximum of %(max)s.") % {"max": self.criterion.max_score}}
            )
        if (
            self.criterion_id
            and self.assignment_id
            and self.criterion.call_id != self.assignment.application.call_id
        ):
            raise ValidationError({"criterion": _("The criterion belongs to another call.")})


# --- Public showcase ----------------------------------------------------------------------------------------


class ClusterShowcaseQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("cluster__")

    def published(self):
        """What the public sees: published entries only. Public pages read through this, not through
        `restrict()`, because their visitors are anonymous; the publication flag is their gate."""
        return self.filter(is_published=True)


class ClusterShowcase(models.Model):
    """What the public showcase (витрина) says about a cluster: only what someone chose to publish.

    Contacts are the base college's organisation contacts (приёмная комиссия, сайт), never a person's.
    """

    cluster = models.OneToOneField(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="showcase"
    )
    is_published = models.BooleanField(_("published"), default=False)
    public_description = models.TextField(_("public description"), blank=True)
    contact_phone = models.CharField(_("organisation phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("organisation e-mail"), blank=True)
    contact_website = models.URLField(_("website"), blank=True)
    history = HistoricalRecords()

    objects = ClusterShowcaseQuerySet.as_manager()

    class Meta:
        ordering = ["cluster__name"]
        verbose_name = _("showcase entry")
        verbose_name_plural = _("showcase entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | ~Q(public_description=""),
                name="clustershowcase_published_has_description",
                violation_error_message=_("A published entry needs a public description."),
            )
        ]

    def __str__(self) -> str:
        return str(self.cluster)

    def get_absolute_url(self) -> str:
        return reverse("selection:showcase_detail", args=[self.cluster_id])

    def clean(self):
        from profcluster.organisations.models import Person

        errors = {}
        if self.is_published and not self.public_description.strip():
            errors["public_description"] = _("A published entry needs a public description.")
        # Personal data (152-ФЗ) never goes public: a person's own phone or e-mail is refused here.
        if self.contact_email and Person.objects.filter(email__iexact=self.contact_email).exists():
            errors["contact_email"] = _("This is a person's e-mail; give the organisation's.")
        if self.contact_phone and Person.objects.filter(phone=self.contact_phone).exists():
            errors["contact_phone"] = _("This is a person's phone; give the organisation's.")
        if errors:
            raise ValidationError(errors)
