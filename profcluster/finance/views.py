from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView

from profcluster.accounts.scopes import a_federal_user
from profcluster.clusters.models import Cluster
from profcluster.core import datacache
from profcluster.core.charts import bar_chart_svg, pie_chart_svg
from profcluster.core.history import history_restore
from profcluster.core.permissions import ACCEPT, CHANGE, VERIFY, VIEW
from profcluster.core.views import HistoryMixin, RestrictedEditMixin, RestrictedListView, RestrictedMixin
from profcluster.core.xlsx import xlsx_response
from profcluster.finance import exports
from profcluster.finance.filters import CommitmentFilter, PaymentFilter
from profcluster.finance.forms import BudgetForm, CommitmentForm, ConfirmationForm, PaymentForm
from profcluster.finance.models import BudgetRevision, Commitment, Payment
from profcluster.finance.selectors import (
    SORTS,
    cluster_rule_checks,
    clusters_with_money,
    money_matrix,
    with_rule_checks,
)
from profcluster.finance.services import budget_revise, entry_confirm, payment_accept, payment_verify
from profcluster.reference.models import Region


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


def _drill(**filters) -> str:
    """The query string that takes a matrix cell to the entries behind it, keeping the page's filters."""
    return urlencode({name: value for name, value in filters.items() if value})


def _charts(matrix) -> dict[str, str]:
    sources = [row for row in matrix.rows if row.total.planned]
    categories = [category for category, _cell in matrix.rows[0].cells] if matrix.rows else []
    by_category = {category.pk: [category.name, 0, 0] for category in categories}
    for row in matrix.rows:
        for category, cell in row.cells:
            by_category[category.pk][1] += cell.planned
            by_category[category.pk][2] += cell.spent
    shown = [values for values in by_category.values() if values[1] or values[2]]
    return {
        "sources": pie_chart_svg([row.label for row in sources], [row.total.planned for row in sources])
        if sources
        else "",
        "categories": bar_chart_svg(
            [values[0] for values in shown],
            {
                str(_("planned")): [values[1] for values in shown],
                str(_("spent")): [values[2] for values in shown],
            },
        )
        if shown
        else "",
    }


ROLLUP_ROWS_PER_PAGE = 50


def _rollup(user, clusters, year, sort, *, fresh=False) -> datacache.Cached:
    def compute():
        table = with_rule_checks(clusters_with_money(user, clusters, year=year, sort=sort))
        regions = Region.objects.filter(clusters__in=Cluster.objects.restrict(user, VIEW)).distinct()
        return money_matrix(user, clusters=clusters, year=year), table, list(regions)

    # Every cluster's money (1.6 s for the country at national scale), kept until the next write; the money
    # the user may see follows from its scope, the clusters from the SQL of `clusters`.
    return datacache.cached(
        "finance-rollup",
        (datacache.scope_key(user), datacache.query_key(clusters), year, sort),
        compute,
        fresh=fresh,
    )


@datacache.warmer
def warm_federal_rollup() -> None:
    """The country's roll-up as a federal operator first opens it (`finance_index` without parameters)."""
    user = a_federal_user()
    if user is not None:
        _rollup(user, Cluster.objects.restrict(user, VIEW), None, "name")


@login_required
def finance_index(request):
    """Money of every cluster the user may see: the region's or the country's roll-up."""
    clusters = Cluster.objects.restrict(request.user, VIEW)
    region = None
    if request.GET.get("region", "").isdigit():
        region = get_object_or_404(Region, pk=request.GET["region"])
        clusters = clusters.filter(region=region)
    year, sort = _year(request), request.GET.get("sort", "name")
    computed = _rollup(request.user, clusters, year, sort, fresh=request.GET.get("fresh") == "1")
    if request.GET.get("fresh"):
        return datacache.redirect_without_fresh(request)
    matrix, table, regions = computed.value
    if request.GET.get("export") == "xlsx":
        return xlsx_response("finance.xlsx", [exports.matrix_sheet(matrix), exports.clusters_sheet(table)])
    # The totals cover every cluster; only the table is cut in pages, since rendering 600 rows cost more
    # than computing them (0.2 s of a cached request at national scale).
    page = Paginator(table, ROLLUP_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/index.html",
        {
            "computed": computed,
            "matrix": matrix,
            "clusters": table,
            "page_rows": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "region": region,
            "regions": regions,
            "year": year,
            "sort": sort,
            "sorts": list(SORTS),
            "charts": _charts(matrix),
            "drill": _drill(region=region and region.pk, year=year),
        },
    )


@login_required
def cluster_finance(request, pk):
    cluster = get_object_or_404(Cluster.objects.restrict(request.user, VIEW).select_related("region"), pk=pk)
    year = _year(request)
    matrix = money_matrix(request.user, clusters=Cluster.objects.filter(pk=cluster.pk), year=year)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(f"finance-{cluster.pk}.xlsx", [exports.matrix_sheet(matrix)])
    can_change = Cluster.objects.restrict(request.user, CHANGE).filter(pk=cluster.pk).exists()
    years = (
        BudgetRevision.objects.restrict(request.user, VIEW)
        .filter(cluster=cluster)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    return render(
        request,
        "finance/cluster.html",
        {
            "cluster": cluster,
            "matrix": matrix,
            "year": year,
            "years": list(years),
            "can_change": can_change,
            "rule_checks": cluster_rule_checks(cluster, matrix),
            "charts": _charts(matrix),
            "drill": _drill(cluster=cluster.pk, year=year),
        },
    )


@login_required
def budget_edit(request, pk, year):
    cluster = get_object_or_404(Cluster.objects.restrict(request.user, CHANGE), pk=pk)
    form = BudgetForm(request.POST or None, cluster=cluster, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            budget_revise(
                cluster=cluster,
                year=year,
                amounts=form.amounts(),
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("A new revision of the plan is saved."))
            return redirect("finance:budget_revisions", pk=cluster.pk, year=year)
    return render(request, "finance/budget_form.html", {"cluster": cluster, "year": year, "form": form})


@login_required
def budget_revisions(request, pk, year):
    cluster = get_object_or_404(Cluster.objects.restrict(request.user, VIEW), pk=pk)
    revisions = (
        BudgetRevision.objects.restrict(request.user, VIEW)
        .filter(cluster=cluster, year=year)
        .select_related("created_by")
        .prefetch_related("lines__category")
    )
    if not revisions:
        raise Http404
    can_change = Cluster.objects.restrict(request.user, CHANGE).filter(pk=cluster.pk).exists()
    return render(
        request,
        "finance/budget_revisions.html",
        {"cluster": cluster, "year": year, "revisions": revisions, "can_change": can_change},
    )


LEDGER_COLUMNS = [
    (_("Cluster"), lambda e: e.cluster.name),
    (_("Year"), lambda e: e.year),
    (_("Source"), lambda e: e.get_source_display()),
    (_("Spending category"), lambda e: e.category.name),
    (_("Organisation"), lambda e: e.organisation.short_name),
]


class LedgerListView(RestrictedListView):
    def get_queryset(self):
        return super().get_queryset().select_related("cluster", "category", "organisation")

    def export_money_columns(self):
        return {index for index, (header, _value) in enumerate(self.export_columns) if header == _("Amount")}


class CommitmentListView(LedgerListView):
    model = Commitment
    filterset_class = CommitmentFilter
    template_name = "finance/commitment_list.html"
    export_name = "commitments"
    export_columns = [
        *LEDGER_COLUMNS,
        (_("Number"), lambda e: e.number),
        (_("Date"), lambda e: e.date),
        (_("Form"), lambda e: e.get_form_display()),
        (_("Counterparty"), lambda e: str(e.counterparty or e.counterparty_name)),
        (_("Amount"), lambda e: e.amount),
        (_("Confirmation"), lambda e: e.get_confirmation_display()),
        (_("Justification"), lambda e: e.justification),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("counterparty").order_by("-date", "number", "pk")


class PaymentListView(LedgerListView):
    model = Payment
    filterset_class = PaymentFilter
    template_name = "finance/payment_list.html"
    export_name = "payments"
    export_columns = [
        *LEDGER_COLUMNS,
        (_("Payment document"), lambda e: e.document),
        (_("Date"), lambda e: e.date),
        (_("Commitment"), lambda e: str(e.commitment or "")),
        (_("Amount"), lambda e: e.amount),
        (_("Stage"), lambda e: e.get_stage_display()),
        (_("Confirmation"), lambda e: e.get_confirmation_display()),
        (_("Justification"), lambda e: e.justification),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("commitment").order_by("-date", "document", "pk")


class EntryDetailMixin(HistoryMixin, RestrictedMixin):
    def get_queryset(self):
        return super().get_queryset().select_related("cluster", "category", "organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, entry = self.request.user, self.object
        context["excess"] = entry.excess()
        context["can_confirm"] = self.model.objects.confirmable_by(user).filter(pk=entry.pk).exists()
        context["confirmation_form"] = ConfirmationForm()
        return context


class CommitmentDetailView(EntryDetailMixin, DetailView):
    model = Commitment

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = Commitment.objects.restrict(user, CHANGE).filter(pk=self.object.pk).exists()
        context["restore_url_name"] = "finance:commitment_restore" if context["can_change"] else None
        context["payments"] = Payment.objects.restrict(user, VIEW).filter(commitment=self.object)
        return context


class PaymentDetailView(EntryDetailMixin, DetailView):
    model = Payment

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, payment = self.request.user, self.object
        context["can_change"] = Payment.objects.editable_by(user).filter(pk=payment.pk).exists()
        context["restore_url_name"] = "finance:payment_restore" if context["can_change"] else None
        context["can_verify"] = (
            payment.stage == Payment.Stage.SPENT
            and Payment.objects.restrict(user, VERIFY).filter(pk=payment.pk).exists()
        )
        context["can_accept"] = (
            payment.stage == Payment.Stage.VERIFIED
            and Payment.objects.restrict(user, ACCEPT).filter(pk=payment.pk).exists()
        )
        return context


class EntryFormMixin(RestrictedEditMixin):
    template_name = "finance/entry_form.html"

    def get_cluster(self):
        return self.object.cluster

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "cluster": self.get_cluster()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cluster": self.get_cluster()}


class EntryCreateMixin(EntryFormMixin):
    def get_cluster(self):
        if not hasattr(self, "_cluster"):
            self._cluster = get_object_or_404(
                Cluster.objects.restrict(self.request.user, CHANGE), pk=self.kwargs["pk"]
            )
        return self._cluster

    def get_initial(self):
        return {"year": _year(self.request), "source": self.request.GET.get("source")}


class CommitmentCreateView(EntryCreateMixin, CreateView):
    model = Commitment
    form_class = CommitmentForm


class CommitmentUpdateView(EntryFormMixin, UpdateView):
    model = Commitment
    form_class = CommitmentForm


class PaymentCreateView(EntryCreateMixin, CreateView):
    model = Payment
    form_class = PaymentForm

    def get_initial(self):
        initial = super().get_initial()
        commitment = Commitment.objects.filter(
            cluster=self.get_cluster(), pk=self.request.GET.get("commitment") or 0
        )
        for item in commitment.values("pk", "year", "source", "category", "organisation"):
            initial.update(item, commitment=item.pop("pk"))
        return initial


class PaymentUpdateView(EntryFormMixin, UpdateView):
    model = Payment
    form_class = PaymentForm

    def get_queryset(self):
        return Payment.objects.editable_by(self.request.user)


@require_POST
@login_required
def payment_verify_view(request, pk):
    payment = get_object_or_404(Payment.objects.restrict(request.user, VERIFY), pk=pk)
    return _act(request, payment, lambda: payment_verify(payment=payment, user=request.user), _("Verified."))


@require_POST
@login_required
def payment_accept_view(request, pk):
    payment = get_object_or_404(Payment.objects.restrict(request.user, ACCEPT), pk=pk)
    return _act(request, payment, lambda: payment_accept(payment=payment, user=request.user), _("Accepted."))


@require_POST
@login_required
def entry_confirm_view(request, kind, pk):
    model = {"commitment": Commitment, "payment": Payment}.get(kind)
    if model is None:
        raise Http404
    entry = get_object_or_404(model.objects.confirmable_by(request.user), pk=pk)
    form = ConfirmationForm(request.POST)
    form.is_valid()
    confirmed = request.POST.get("decision") == "confirm"
    return _act(
        request,
        entry,
        lambda: entry_confirm(entry=entry, confirmed=confirmed, comment=form.cleaned_data.get("comment", "")),
        _("Confirmed.") if confirmed else _("Disputed."),
    )


def _act(request, obj, action, done_message):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return HttpResponseRedirect(obj.get_absolute_url())


@require_POST
@login_required
def entry_restore_view(request, kind, pk, history_id):
    """Bring a money record back to an earlier version, with a reason (locked payments: only their locker)."""
    if kind == "payment":
        queryset = Payment.objects.editable_by(request.user)
    else:
        queryset = Commitment.objects.restrict(request.user, CHANGE)
    entry = get_object_or_404(queryset, pk=pk)
    get_object_or_404(entry.history, history_id=history_id)
    return _act(
        request,
        entry,
        lambda: history_restore(instance=entry, history_id=history_id, reason=request.POST.get("reason", "")),
        _("The earlier version is restored."),
    )
