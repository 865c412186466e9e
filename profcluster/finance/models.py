from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.money import format_money
from profcluster.core.permissions import ACCEPT, CHANGE, VERIFY, ReferenceQuerySet, RestrictedQuerySet

ZERO = Decimal("0.00")


def money_field(verbose_name, **kwargs):
    # NUMERIC(15, 2): up to 9 999 999 999 999,99 ₽, enough for national totals; never a float.
    return models.DecimalField(verbose_name, max_digits=15, decimal_places=2, **kwargs)


class Source(models.TextChoices):
    """Источник финансирования."""

    FEDERAL = "federal", _("federal budget")
    REGIONAL = "regional", _("regional budget")
    EMPLOYER = "employer", _("employer funds")
    EXTRA_BUDGETARY = "extra_budgetary", _("extra-budgetary funds of educational organisations")
    OTHER = "other", _("other")


# Everything but the federal grant is what the grant "attracted".
ATTRACTED_SOURCES = (Source.REGIONAL, Source.EMPLOYER, Source.EXTRA_BUDGETARY, Source.OTHER)


class SpendingCategory(models.Model):
    """A spending category (направление расходов), a reference list editable by administrators."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("spending category")
        verbose_name_plural = _("spending categories")

    def __str__(self) -> str:
        return self.name


class CofinancingRule(models.Model):
    """A minimum co-financing share (минимальная доля софинансирования) for a selection year and cluster kind.

    Minimums change with each selection's rules, so they are configuration edited by administrators, not code.
    """

    class Basis(models.TextChoices):
        REGIONAL = "regional", _("regional budget")
        NON_BUDGET = "non_budget", _("employer and extra-budgetary funds")

    selection_year = models.PositiveSmallIntegerField(_("selection year"))
    cluster_kind = models.CharField(
        _("cluster kind"),
        max_length=20,
        choices=[
            ("opc", _("education and production centre (OPC)")),
            ("education", _("vocational education cluster")),
        ],
    )
    basis = models.CharField(_("co-financing from"), max_length=20, choices=Basis.choices)
    min_percent = models.DecimalField(
        _("minimum share of the federal grant, per cent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-selection_year", "cluster_kind", "basis"]
        verbose_name = _("co-financing rule")
        verbose_name_plural = _("co-financing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["selection_year", "cluster_kind", "basis"],
                name="cofinancingrule_unique",
                violation_error_message=_("A rule for this year, kind and source already exists."),
            )
        ]

    def __str__(self) -> str:
        kind, basis = self.get_cluster_kind_display(), self.get_basis_display()
        return f"{self.selection_year}, {kind}: {basis} ≥ {self.min_percent} %"


class ClusterMoneyQuerySet(RestrictedQuerySet):
    """Money of a cluster: its managers and region see all of it, an organisation member only its own."""

    def scope_filter(self, scope, action):
        return scope.cluster_or_own_q("cluster__", "organisation")

    def confirmable_by(self, user):
        """Records attributed to an organisation the user speaks for (a read-write organisation role)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation_id__in=user.scope(CHANGE).organisation_ids)


class BudgetRevisionQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_or_own_q("cluster__", None)


class BudgetRevision(models.Model):
    """A revision of a cluster's budget plan for a year (редакция плана финансирования).

    A change of plan makes a new revision; earlier ones stay readable with the reason for each change.
    """

    cluster = models.ForeignKey(
        "clusters.Cluster",
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="budget_revisions",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    is_current = models.BooleanField(_("current"), default=True)
    reason = models.CharField(_("reason for the change"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = BudgetRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["cluster", "year", "-number"]
        verbose_name = _("budget revision")
        verbose_name_plural = _("budget revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "number"], name="budgetrevision_unique_number"
            ),
            # One current plan per cluster and year: every sum of "planned" reads that one.
            models.UniqueConstraint(
                fields=["cluster", "year"], condition=Q(is_current=True), name="budgetrevision_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster}, {self.year}: редакция {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("finance:budget_revisions", args=[self.cluster_id, self.year])


class BudgetLineQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_or_own_q("revision__cluster__", None)

    def current(self):
        return self.filter(revision__is_current=True)


class BudgetLine(models.Model):
    """A planned amount (плановый объём) of one revision for a source and a spending category."""

    revision = models.ForeignKey(
        BudgetRevision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="lines"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    category = models.ForeignKey(
        SpendingCategory, verbose_name=_("spending category"), on_delete=models.PROTECT
    )
    amount = money_field(_("planned amount"), validators=[MinValueValidator(ZERO)])
    history = HistoricalRecords()

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "source", "category__position"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["revision", "source", "category"], name="budgetline_unique_cell"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budgetline_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} / {self.category}: {format_money(self.amount)}"


class Confirmation(models.TextChoices):
    """What the contributing organisation says about a record attributed to it."""

    PENDING = "pending", _("not confirmed yet")
    CONFIRMED = "confirmed", _("confirmed")
    DISPUTED = "disputed", _("disputed")


class LedgerEntry(models.Model):
    """What commitments and payments share: where money comes from, what it is for, who gave or spent it."""

    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2022), MaxValueValidator(2100)]
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    category = models.ForeignKey(
        SpendingCategory, verbose_name=_("spending category"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("contributing or spending organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    # Saving an amount that goes beyond what stands behind it is allowed only with a written reason.
    justification = models.TextField(_("justification of the excess"), blank=True)
    confirmation = models.CharField(
        _("confirmation by the organisation"),
        max_length=20,
        choices=Confirmation.choices,
        default=Confirmation.PENDING,
    )
    confirmation_comment = models.TextField(_("comment of the organisation"), blank=True)

    class Meta:
        abstract = True

    def excess(self) -> tuple[Decimal, str]:
        """How much this record would go beyond what backs it, and why; (0, "") when it does not."""
        raise NotImplementedError

    def clean(self):
        if not (self.cluster_id and self.category_id and self.amount is not None and self.source):
            return  # field errors are reported already
        amount, message = self.excess()
        if amount > 0 and not self.justification.strip():
            raise ValidationError({"justification": message})


def _sum(queryset) -> Decimal:
    return queryset.aggregate(total=Sum("amount"))["total"] or ZERO


def planned_amount(*, cluster_id, year, source, category_id) -> Decimal:
    return _sum(
        BudgetLine.objects.current().filter(
            revision__cluster_id=cluster_id, revision__year=year, source=source, category_id=category_id
        )
    )


class CommitmentQuerySet(ClusterMoneyQuerySet):
    pass


class Commitment(LedgerEntry):
    """An agreement or contract (соглашение, договор) that commits money, or an employer's pledge in kind."""

    class Form(models.TextChoices):
        CASH = "cash", _("money")
        EQUIPMENT = "equipment", _("in kind: equipment")
        PREMISES = "premises", _("in kind: premises")
        MATERIALS = "materials", _("in kind: materials")

    form = models.CharField(
        _("form"),
        max_length=20,
        choices=Form.choices,
        default=Form.CASH,
        help_text=_("For contributions in kind the amount is their valuation."),
    )
    counterparty = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("counterparty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counterparty_name = models.CharField(
        _("counterparty (if not in the registry)"), max_length=300, blank=True
    )
    number = models.CharField(_("number"), max_length=100)
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            # The roll-up pages read commitments from these two alone (index-only scans; CPU at scale 1.0):
            # the amounts of a cell in a row, added up as they come (selectors._cells): the matrix and the
            # per-cluster sums in 350–410 ms instead of 800–950 from the table; what each commitment may be
            # paid, for the overpaid check, without the 150-MB table: 1 300–1 700 → 870–1 020 ms. The first
            # keeps the columns of the old (cluster, year, source, category) index in front for its lookups.
            models.Index(
                fields=["cluster", "year", "source", "category", "amount"], name="commitment_cell_amount"
            ),
            models.Index(fields=["id", "amount"], name="commitment_id_amount"),
            # The list's order (page and API: newest first): the first page from the index instead of
            # sorting a million rows (EXPLAIN ANALYZE at scale 1.0, federal page: 1 010 → 0.1 ms).
            models.Index(fields=["-date", "number", "id"], name="commitment_list_order"),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="commitment_amount_positive")]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("finance:commitment_detail", args=[self.pk])

    def excess(self):
        committed = (
            _sum(
                Commitment.objects.filter(
                    cluster_id=self.cluster_id,
                    year=self.year,
                    source=self.source,
                    category_id=self.category_id,
                ).exclude(pk=self.pk)
            )
            + self.amount
        )
        planned = planned_amount(
            cluster_id=self.cluster_id, year=self.year, source=self.source, category_id=self.category_id
        )
        over = committed - planned
        if over > 0:
            return over, _("Committed exceeds planned by %(amount)s: write a justification.") % {
                "amount": format_money(over)
            }
        return ZERO, ""


class PaymentQuerySet(ClusterMoneyQuerySet):
    def editable_by(self, user):
        """Payments the user may change: open ones by those who run the cluster's money, locked ones only by
        the role that locked them (the regional ministry for verified, the federal operator for accepted)."""
        stage = Payment.Stage
        return (
            self.restrict(user, CHANGE).filter(stage=stage.SPENT)
            | self.restrict(user, VERIFY).filter(stage=stage.VERIFIED)
            | self.restrict(user, ACCEPT).filter(stage=stage.ACCEPTED)
        )


class Payment(LedgerEntry):
    """A payment or transfer document (платёжный документ, акт) that spends committed money.

    It then moves on: verified by the regional ministry, accepted by the federal operator. Both lock it.
    """

    class Stage(models.TextChoices):
        SPENT = "spent", _("spent")
        VERIFIED = "verified", _("verified")
        ACCEPTED = "accepted", _("accepted")

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        db_index=False,  # led by the (commitment, amount) index below
    )
    document = models.CharField(_("payment document"), max_length=100)
    date = models.DateField(_("date"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SPENT)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "document"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            # As for commitments: the roll-up's sums per cell from the index alone.
            models.Index(
                fields=["cluster", "year", "source", "category", "stage", "amount"],
                name="payment_cell_stage_amount",
            ),
            # What each commitment has been paid is read from this index alone (an index-only scan): the
            # overpaid-commitments check of a cluster page loops over it instead of hashing every payment of
            # the country (EXPLAIN ANALYZE at scale 0.2: 34 → 12 ms; the country's check 269 → 150 ms).
            models.Index(fields=["commitment", "amount"], name="payment_commitment_amount"),
            # The list's order, as for commitments (scale 1.0, federal page: 2 460 → 0.3 ms).
            models.Index(fields=["-date", "document", "id"], name="payment_list_order"),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.document} от {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("finance:payment_detail", args=[self.pk])

    @property
    def locked(self) -> bool:
        return self.stage != self.Stage.SPENT

    def clean(self):
        commitment = self.commitment if self.commitment_id else None
        if commitment is not None:
            # A payment spends its commitment's money: same cluster, year, source and category.
            for name in ("cluster_id", "year", "source", "category_id"):
                if getattr(commitment, name) != getattr(self, name):
                    raise ValidationError(
                        {
                            "commitment": _(
                                "The commitment belongs to another cluster, year, source or category."
                            )
                        }
                    )
        super().clean()

    def excess(self):
        if not self.commitment_id:
            return self.amount, _("A payment without a commitment: write a justification.")
        paid = (
            _sum(Payment.objects.filter(commitment_id=self.commitment_id).exclude(pk=self.pk)) + self.amount
        )
        over = paid - self.commitment.amount
        if over > 0:
            return over, _("Payments exceed their commitment by %(amount)s: write a justification.") % {
                "amount": format_money(over)
            }
        spent = (
            _sum(
                Payment.objects.filter(
                    cluster_id=self.cluster_id,
                    year=self.year,
                    source=self.source,
                    category_id=self.category_id,
                ).exclude(pk=self.pk)
            )
            + self.amount
        )
        committed = _sum(
            Commitment.objects.filter(
                cluster_id=self.cluster_id, year=self.year, source=self.source, category_id=self.category_id
            )
        )
        over = spent - committed
        if over > 0:
            return over, _("Spent exceeds committed by %(amount)s: write a justification.") % {
                "amount": format_money(over)
            }
        return ZERO, ""
