from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import VIEW, RestrictedQuerySet


class ClusterQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q()

    def with_aggregates_for(self, user):
        """Clusters whose whole-cluster figures (plan, indicators) the user reads.

        Its region's or cluster's, or all for the federal operator; an organisation member sees a partner
        cluster's card, not its aggregates.
        """
        clusters = self.restrict(user, VIEW)
        if not user.is_authenticated or user.is_superuser:
            return clusters
        scope = user.scope(VIEW)
        return clusters if scope.everything else clusters.filter(scope.cluster_or_own_q("", None))

    def with_facts(self):
        """What a list row shows: names of the region, industry and base organisation, participant counts.

        The counts are subqueries, not a join with GROUP BY: the paginator's COUNT(*) then leaves them out
        and the database counts only the rows of the page (EXPLAIN ANALYZE at scale 0.2: 2.3 → 0.4 ms).
        """
        employers = [Participation.Role.KEY_EMPLOYER, Participation.Role.EMPLOYER]
        return self.select_related("region", "industry", "base_organisation").annotate(
            participants_count=_participations_count(),
            employers_count=_participations_count(role__in=employers),
        )


def _participations_count(**filters):
    rows = Participation.objects.filter(cluster=OuterRef("pk"), **filters).order_by().values("cluster")
    return Coalesce(Subquery(rows.annotate(count=models.Count("*")).values("count")), 0)


class Cluster(models.Model):
    """An education–industry cluster: ОПЦ (образовательно-производственный центр) or кластер СПО."""

    class Kind(models.TextChoices):
        OPC = "opc", _("education and production centre (OPC)")
        EDUCATION = "education", _("vocational education cluster")

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        SELECTED = "selected", _("selected")
        OPERATING = "operating", _("operating")
        CLOSED = "closed", _("closed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OPC)
    name = models.CharField(_("name"), max_length=300)
    brand_name = models.CharField(_("brand name"), max_length=200, blank=True)
    region = models.ForeignKey(
        "reference.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="clusters"
    )
    industry = models.ForeignKey(
        "reference.Industry", verbose_name=_("industry"), on_delete=models.PROTECT, related_name="clusters"
    )
    # The project's first competitive selection was held in 2022.
    selection_year = models.PositiveSmallIntegerField(
        _("selection year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    # Kept in step with the single base-college participation by services.cluster_save().
    base_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("base organisation"),
        on_delete=models.PROTECT,
        related_name="based_clusters",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SELECTED)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = ["-selection_year", "name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="cluster_unique_name_in_region",
                violation_error_message=_("A cluster with this name already exists in the region."),
            ),
        ]
        indexes = [models.Index(fields=["region", "selection_year"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:cluster_detail", args=[self.pk])

    def clean(self):
        base = self.base_organisation if self.base_organisation_id else None
        if base is not None and base.kind != base.Kind.COLLEGE:
            raise ValidationError({"base_organisation": _("The base organisation must be a college.")})


class ParticipationQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("cluster__")


class Participation(models.Model):
    """Membership of an organisation in a cluster with a role (участник кластера) and its obligations."""

    class Role(models.TextChoices):
        BASE_COLLEGE = "base_college", _("base college")
        COLLEGE = "college", _("participating college")
        KEY_EMPLOYER = "key_employer", _("key employer")
        EMPLOYER = "employer", _("employer")
        AUTHORITY = "authority", _("regional authority")
        UNIVERSITY = "university", _("university")
        OTHER = "other", _("other")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    obligations = models.TextField(_("obligations"), blank=True)
    # The part of an employer's obligations that the records can check: practitioners' teaching a year.
    teaching_hours_pledged = models.PositiveIntegerField(
        _("teaching hours pledged a year"),
        null=True,
        blank=True,
        help_text=_("Hours a year the organisation's practitioners undertake to teach in the cluster."),
    )
    history = HistoricalRecords()

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["cluster", "role", "organisation__short_name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "organisation"],
                name="participation_unique_organisation_in_cluster",
                violation_error_message=_("This organisation already takes part in the cluster."),
            ),
            # Exactly one base college: at most one by this index, at least one by services.cluster_save().
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(role="base_college"),
                name="participation_one_base_college",
                violation_error_message=_("A cluster has exactly one base college."),
            ),
            models.CheckConstraint(
                condition=Q(date_to__isnull=True)
                | Q(date_from__isnull=True)
                | Q(date_to__gte=F("date_from")),
                name="participation_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("clusters:cluster_detail", args=[self.cluster_id])

    def clean(self):
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError({"date_to": _("The end date is before the start date.")})
        if (
            self.role == self.Role.BASE_COLLEGE
            and self.cluster_id
            and self.organisation_id != self.cluster.base_organisation_id
        ):
            # The cluster's base organisation decides; its participation follows (services.cluster_save).
            raise ValidationError({"role": _("The base college is chosen on the cluster itself.")})
