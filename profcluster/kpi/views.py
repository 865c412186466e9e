from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Value
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from profcluster.accounts.scopes import a_federal_user
from profcluster.clusters.filters import ClusterFilter
from profcluster.clusters.models import Cluster
from profcluster.core import datacache
from profcluster.core.charts import bar_chart_svg
from profcluster.core.history import history_entries
from profcluster.core.permissions import ACCEPT, CHANGE, VERIFY, VIEW
from profcluster.core.uploads import document_content_type
from profcluster.core.views import RestrictedEditMixin, RestrictedMixin
from profcluster.kpi import documents
from profcluster.kpi.forms import (
    IndicatorForm,
    JobForm,
    LockExceptionForm,
    ManualValueForm,
    PeriodForm,
    ReturnForm,
    TargetsForm,
)
from profcluster.kpi.formulas import FORMULAS
from profcluster.kpi.models import (
    Indicator,
    LockException,
    ManualValue,
    Report,
    ReportingPeriod,
    ReportJob,
    ReportTransition,
    ReportValue,
    Target,
)
from profcluster.kpi.selectors import (
    BENCHMARK_LABELS,
    BENCHMARKS,
    board,
    by_region,
    current_period,
    indicators_for,
    kpi_clusters,
    sort_rows,
)
from profcluster.kpi.services import (
    can_set_targets,
    lock_exception_grant,
    manual_entry_open,
    manual_value_restore,
    manual_value_save,
    report_accept,
    report_approve,
    report_job_create,
    report_return,
    report_submit,
    reports_submit_all,
    target_restore,
    targets_save,
    targets_version,
)
from profcluster.reference.models import Region


def _period(request, periods: list[ReportingPeriod] | None = None) -> ReportingPeriod:
    """The period asked for, or the current one; picked from `periods` when the page has fetched them all."""
    value = request.GET.get("period", "")
    if value.isdigit():
        if periods is None:
            return get_object_or_404(ReportingPeriod, pk=value)
        found = next((p for p in periods if p.pk == int(value)), None)
        if found is None:
            raise Http404(_("No such reporting period."))
        return found
    period = current_period(periods=periods)
    if period is None:
        raise Http404(_("No reporting periods yet."))
    return period


def _cluster(request, pk, action=VIEW) -> Cluster:
    if action == VIEW:
        clusters = kpi_clusters(request.user)
    else:
        clusters = Cluster.objects.restrict(request.user, action)
    return get_object_or_404(clusters.select_related("region", "industry", "base_organisation"), pk=pk)


def _can(user, action, cluster) -> bool:
    return Cluster.objects.restrict(user, action).filter(pk=cluster.pk).exists()


def _benchmark_columns():
    return [(key, BENCHMARK_LABELS[key]) for key in BENCHMARKS]


# --- Dashboards -------------------------------------------------------------------------------------------


@login_required
def kpi_index(request):
    """The morning page: reports waiting for the user, its regions and clusters, the periods."""
    clusters = kpi_clusters(request.user).select_related("region").order_by("region__name", "name")
    pending = (
        Report.objects.pending_for(request.user)
        .select_related("cluster", "period")
        .order_by("period__deadline", "cluster__name")
    )
    drafts = (
        Report.objects.restrict(request.user, CHANGE)
        .filter(status__in=Report.EDITABLE)
        .select_related("cluster", "period")
    )
    regions = Region.objects.filter(clusters__in=clusters).distinct().order_by("name")
    return render(
        request,
        "kpi/index.html",
        {
            "clusters": clusters,
            "regions": regions,
            "pending": pending,
            "drafts": drafts,
            "periods": ReportingPeriod.objects.all(),
            "can_define": _defines(request.user),
        },
    )


@login_required
def cluster_dashboard(request, pk):
    # One list of periods serves the picker, the period shown and the trend; the board's own row of the
    # cluster (with its region, industry and base college) is the page's cluster: no query twice.
    periods = list(ReportingPeriod.objects.all())
    period = _period(request, periods)
    rows = board(kpi_clusters(request.user).filter(pk=pk), period)
    if not rows:
        raise Http404
    row = rows[0]
    cluster = row.cluster
    indicators = [f.indicator for f in row.figures]
    chosen = next((i for i in indicators if i.code == request.GET.get("indicator")), None)
    chosen = chosen or (indicators[0] if indicators else None)
    points = _trend_points(cluster, chosen, period, row, periods) if chosen else []
    return render(
        request,
        "kpi/cluster.html",
        {
            "cluster": cluster,
            "period": period,
            "periods": periods,
            "row": row,
            "chosen": chosen,
            "trend": _trend(points) if points else "",
            "trend_points": points,
            "can_set_targets": can_set_targets(request.user, cluster),
            "benchmarks": [(label, row.benchmarks.get(key), key) for key, label in _benchmark_columns()],
        },
    )


# A report's snapshot is final from submission until it is returned; a returned report is live again.
FROZEN = (Report.Status.SUBMITTED, Report.Status.APPROVED, Report.Status.ACCEPTED)


@dataclass
class TrendPoint:
    period: ReportingPeriod
    value: Decimal | None
    target: Decimal | None
    source: str  # "snapshot", "live" or "" (a past period nobody reported: no value to show)


def _trend_points(cluster, indicator, period, row, periods) -> list[TrendPoint]:
    """The indicator over the periods of its periodicity up to the period shown, none computed anew.

    Past periods come from the snapshots of their submitted reports (which never change, so recomputing them
    on every page view would only cost time); the period the dashboard shows is live, from the value `row`
    already holds. The trend ends there: looking at a past period shows the road to it, and computing a
    later period too would cost the page another run of the formulas (six queries for an education
    figure, past the page budget of twenty). A constant number of queries however many periods there are.
    """

    def key(p):
        return (p.end, p.kind)

    today = timezone.localdate()
    periods = sorted(
        (p for p in periods if key(p) <= key(period) and (p.start <= today or p.pk == period.pk)), key=key
    )
    if indicator.periodicity == Indicator.Periodicity.YEAR:
        periods = [p for p in periods if p.kind == ReportingPeriod.Kind.YEAR]
    # The snapshots and the targets of every year in one query (a UNION): the page budget is tight.
    snapshots = (
        ReportValue.objects.filter(report__cluster=cluster, report__status__in=FROZEN, indicator=indicator)
        .order_by()
        .values_list("report__period_id", "value", "target", Value(True))
    )
    yearly = (
        Target.objects.filter(cluster=cluster, indicator=indicator)
        .order_by()
        .values_list("year", "value", "value", Value(False))
    )
    frozen, targets = {}, {}
    for key_, value, target, is_snapshot in snapshots.union(yearly, all=True):
        if is_snapshot:
            frozen[key_] = (value, target)
        else:
            targets[key_] = value
    shown = row.figure(indicator.code)
    points = []
    for each in periods:
        if each.pk in frozen:
            points.append(TrendPoint(each, *frozen[each.pk], "snapshot"))
        elif each.pk == period.pk and shown is not None:
            points.append(TrendPoint(each, shown.value, shown.target, "live"))
        else:
            points.append(TrendPoint(each, None, targets.get(each.year), ""))
    return points


def _trend(points: list[TrendPoint]) -> str:
    return bar_chart_svg(
        [str(p.period) for p in points],
        {_("Value"): [p.value or 0 for p in points], _("Target"): [p.target or 0 for p in points]},
        horizontal=False,
    )


# Rows of the country's cluster table per page. The figures, the sort (risks first) and the regions' sums
# still cover every cluster; only the table's rows are cut, since rendering them cost more than computing
# them (600 clusters at national scale).
FEDERAL_ROWS_PER_PAGE = 50


def _board_page(request, clusters, template, extra, *, empty_is_404=False, per_page=None):
    # The periods and the definitions are fetched once each: the picker and the period shown come from the
    # one list, the period's indicators and the federal layout's headers from the other.
    periods = list(ReportingPeriod.objects.all())
    period = _period(request, periods)
    definitions = list(Indicator.objects.all())
    indicators = indicators_for(period, among=definitions)
    sort = request.GET.get("sort", "risks")
    computed = _board_data(clusters, period, indicators, fresh=request.GET.get("fresh") == "1")
    if request.GET.get("fresh"):
        return datacache.redirect_without_fresh(request)
    rows = sort_rows(computed.value, sort)
    if empty_is_404 and not rows:
        raise Http404
    paginator = Paginator(rows, per_page or max(len(rows), 1))
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("page", None)  # another order starts on its first page
    return render(
        request,
        template,
        {
            "period": period,
            "periods": periods,
            "computed": computed,
            "rows": rows,
            "page_rows": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "indicators": indicators,
            "sort": sort,
            "sort_query": query.urlencode(),
            "benchmark_columns": _benchmark_columns(),
            **extra(rows, definitions),
        },
    )


def _board_data(clusters, period, indicators, *, fresh=False) -> datacache.Cached:
    # The board's figures are the expensive part (2.8 s for the country at national scale); kept until the
    # next write. The SQL of `clusters` carries the user's scope and the filters.
    return datacache.cached(
        "kpi-board",
        (datacache.query_key(clusters), period.pk, [i.pk for i in indicators], timezone.localdate()),
        lambda: board(clusters, period, indicators=indicators),
        fresh=fresh,
    )


@datacache.warmer
def warm_federal_board() -> None:
    """The country's board as a federal operator first opens it (`federal_dashboard` without parameters)."""
    user = a_federal_user()
    periods = list(ReportingPeriod.objects.all())
    period = current_period(periods=periods)
    if user is not None and period is not None:
        _board_data(kpi_clusters(user), period, indicators_for(period, among=list(Indicator.objects.all())))


@login_required
def region_dashboard(request, pk):
    # The region is the one of the board's rows (their clusters come with it): no query of its own. A region
    # unknown or without a cluster the user reads has no rows, hence a 404 as before.
    clusters = kpi_clusters(request.user).filter(region_id=pk)
    return _board_page(
        request,
        clusters,
        "kpi/region.html",
        lambda rows, definitions: {"region": rows[0].cluster.region},
        empty_is_404=True,
    )


@login_required
def federal_dashboard(request):
    clusters = kpi_clusters(request.user)
    filterset = ClusterFilter(request.GET or None, queryset=clusters, request=request)
    if filterset.is_bound and filterset.is_valid():
        clusters = filterset.qs
    return _board_page(
        request,
        clusters,
        "kpi/federal.html",
        lambda rows, definitions: {
            "filter": filterset,
            "regions": by_region(rows),
            "federal_columns": documents.federal_columns(definitions),
        },
        per_page=FEDERAL_ROWS_PER_PAGE,
    )


# --- Reports ----------------------------------------------------------------------------------------------


@login_required
def report_view(request, pk, period_pk):
    """A cluster's report for a period: live values while in draft, the snapshot beside the current values
    once submitted, the log of its steps and the acts the user may take."""
    cluster = _cluster(request, pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    report = (
        Report.objects.filter(cluster=cluster, period=period)
        .prefetch_related(
            Prefetch("values", to_attr="snapshot"),
            Prefetch("transitions", queryset=ReportTransition.objects.select_related("user")),
        )
        .first()
    )
    current = board(Cluster.objects.filter(pk=cluster.pk), period)[0]
    frozen = {v.indicator_id: v for v in report.snapshot} if report and report.has_snapshot else {}
    lines = []
    for figure in current.figures:
        snap = frozen.get(figure.indicator.pk)
        changed = snap is not None and snap.value != (
            None if figure.value is None else round(figure.value, 4)
        )
        lines.append({"figure": figure, "snapshot": snap, "changed": changed})
    manual = {
        v.indicator_id: v
        for v in ManualValue.objects.filter(cluster=cluster, period=period).only("pk", "indicator_id")
    }
    user = request.user
    status = report.status if report else Report.Status.DRAFT
    return render(
        request,
        "kpi/report.html",
        {
            "cluster": cluster,
            "period": period,
            "report": report,
            "lines": lines,
            "manual": manual,
            "history": history_entries(report) if report else [],
            "entry_open": manual_entry_open(cluster=cluster, period=period),
            "can_submit": status in Report.EDITABLE and _can(user, CHANGE, cluster),
            "can_approve": status == Report.Status.SUBMITTED and _can(user, VERIFY, cluster),
            "can_accept": status == Report.Status.APPROVED and _can(user, ACCEPT, cluster),
            "can_except": period.closed and (_can(user, VERIFY, cluster) or _can(user, ACCEPT, cluster)),
            "exceptions": LockException.objects.filter(cluster=cluster, period=period),
            "return_form": ReturnForm(),
        },
    )


def _act(request, pk, period_pk, act):
    cluster = _cluster(request, pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    try:
        act(cluster, period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Done."))
    return redirect("kpi:report", cluster.pk, period.pk)


def _report(cluster, period) -> Report:
    return get_object_or_404(Report, cluster=cluster, period=period)


@require_POST
@login_required
def report_submit_view(request, pk, period_pk):
    return _act(request, pk, period_pk, lambda c, p: report_submit(cluster=c, period=p, user=request.user))


@require_POST
@login_required
def report_approve_view(request, pk, period_pk):
    return _act(request, pk, period_pk, lambda c, p: report_approve(report=_report(c, p), user=request.user))


@require_POST
@login_required
def report_return_view(request, pk, period_pk):
    comment = request.POST.get("comment", "")
    return _act(
        request,
        pk,
        period_pk,
        lambda c, p: report_return(report=_report(c, p), user=request.user, comment=comment),
    )


@require_POST
@login_required
def report_accept_view(request, pk, period_pk):
    return _act(request, pk, period_pk, lambda c, p: report_accept(report=_report(c, p), user=request.user))


@login_required
def manual_value_edit(request, pk, period_pk, indicator_pk):
    cluster = _cluster(request, pk, CHANGE)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, formula="")
    instance = ManualValue.objects.filter(cluster=cluster, period=period, indicator=indicator).first()
    instance = instance or ManualValue(cluster=cluster, period=period, indicator=indicator)
    form = ManualValueForm(request.POST or None, request.FILES or None, instance=instance)
    if not manual_entry_open(cluster=cluster, period=period):
        messages.error(request, _("The period is closed or the report is submitted: values are locked."))
        return redirect("kpi:report", cluster.pk, period.pk)
    if request.method == "POST" and form.is_valid():
        manual_value_save(
            value=form.instance, user=request.user, change_reason=form.cleaned_data.get("change_reason", "")
        )
        messages.success(request, _("Saved."))
        return redirect("kpi:report", cluster.pk, period.pk)
    return render(
        request,
        "kpi/manual_value_form.html",
        {
            "form": form,
            "cluster": cluster,
            "period": period,
            "indicator": indicator,
            "object": instance,
            "history": history_entries(instance) if instance.pk else [],
            # Reaching this page already took the right to enter the value, which is the right to restore it.
            "restore_url_name": "kpi:manual_value_restore",
        },
    )


@require_POST
@login_required
def manual_value_restore_view(request, pk, history_id):
    """An earlier version of a manual value back in place, with the reason why."""
    value = get_object_or_404(
        ManualValue.objects.restrict(request.user, CHANGE).select_related("cluster", "period"), pk=pk
    )
    get_object_or_404(value.history, history_id=history_id)
    try:
        manual_value_restore(
            value=value, history_id=history_id, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The earlier version is restored."))
    return redirect("kpi:manual_value", value.cluster_id, value.period_id, value.indicator_id)


@login_required
def evidence_view(request, pk):
    """Evidence files leave the server only through the gate, never from a public media URL."""
    value = get_object_or_404(
        ManualValue.objects.filter(cluster__in=kpi_clusters(request.user)).exclude(evidence=""), pk=pk
    )
    suffix = value.evidence.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        value.evidence.open("rb"),
        content_type=document_content_type(value.evidence.name),
        as_attachment=True,
        filename=f"evidence-{value.pk}.{suffix}",
    )


@login_required
def lock_exception_add(request, pk, period_pk):
    cluster = _cluster(request, pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    if not (_can(request.user, VERIFY, cluster) or _can(request.user, ACCEPT, cluster)):
        raise Http404
    form = LockExceptionForm(request.POST or None, instance=LockException(cluster=cluster, period=period))
    if request.method == "POST" and form.is_valid():
        lock_exception_grant(exception=form.instance, user=request.user)
        messages.success(request, _("Saved."))
        return redirect("kpi:report", cluster.pk, period.pk)
    return render(
        request,
        "kpi/simple_form.html",
        {
            "form": form,
            "title": _("Exception from the lock"),
            "back": reverse("kpi:report", args=[pk, period_pk]),
        },
    )


@login_required
def targets_edit(request, pk, year):
    cluster = _cluster(request, pk)
    if not can_set_targets(request.user, cluster):
        raise Http404
    indicators = list(Indicator.objects.filter(active=True))
    targets = {
        t.indicator_id: t
        for t in Target.objects.filter(cluster=cluster, year=year).select_related("indicator")
    }
    form = TargetsForm(
        request.POST or None,
        indicators=indicators,
        initial_values={indicator_pk: t.value for indicator_pk, t in targets.items()},
        version=targets_version(cluster=cluster, year=year),
    )
    if request.method == "POST" and form.is_valid():
        try:
            targets_save(
                cluster=cluster,
                year=year,
                values=form.values(),
                user=request.user,
                seen_version=form.cleaned_data.get("seen_version"),
                change_reason=form.cleaned_data.get("change_reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("kpi:cluster", cluster.pk)
    title = _("Targets of %(cluster)s for %(year)s") % {"cluster": cluster, "year": year}
    return render(
        request,
        "kpi/targets_form.html",
        {
            "form": form,
            "title": title,
            "cluster": cluster,
            "targets": [targets[i.pk] for i in indicators if i.pk in targets],
            "back": reverse("kpi:cluster", args=[pk]),
        },
    )


def _target(request, pk) -> Target:
    return get_object_or_404(
        Target.objects.restrict(request.user, VIEW).select_related("cluster", "indicator"), pk=pk
    )


@login_required
def target_history(request, pk):
    """One target's changes; those who set targets may bring an earlier version back."""
    target = _target(request, pk)
    can_restore = can_set_targets(request.user, target.cluster)
    return render(
        request,
        "kpi/target_history.html",
        {
            "object": target,
            "cluster": target.cluster,
            "history": history_entries(target),
            "restore_url_name": "kpi:target_restore" if can_restore else "",
            "can_set_targets": can_restore,
        },
    )


@require_POST
@login_required
def target_restore_view(request, pk, history_id):
    target = _target(request, pk)
    if not can_set_targets(request.user, target.cluster):
        raise Http404
    get_object_or_404(target.history, history_id=history_id)
    try:
        target_restore(
            target=target, history_id=history_id, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The earlier version is restored."))
    return redirect("kpi:target_history", target.pk)


@login_required
def passport_view(request, pk, fmt):
    cluster = _cluster(request, pk)
    period = _period(request)
    if fmt == "pdf":
        response = HttpResponse(
            documents.passport_pdf(cluster, period, request.user), content_type="application/pdf"
        )
    else:
        response = HttpResponse(
            documents.passport_docx(cluster, period, request.user), content_type=documents.DOCX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="passport-{cluster.pk}-{period.year}.{fmt}"'
    return response


# --- Background reports -----------------------------------------------------------------------------------


@require_POST
@login_required
def job_add(request):
    form = JobForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Choose the report and the period."))
        return redirect("kpi:federal")
    region = form.cleaned_data.get("region")
    if region and not kpi_clusters(request.user).filter(region_id=region).exists():
        raise Http404
    job = report_job_create(
        user=request.user,
        kind=form.cleaned_data["kind"],
        period=form.cleaned_data["period"],
        params=form.params(),
    )
    return redirect(job)


@login_required
def job_view(request, pk):
    job = get_object_or_404(ReportJob.objects.restrict(request.user, VIEW).defer("content"), pk=pk)
    template = "kpi/_progress.html" if request.htmx and job.in_progress else "kpi/job.html"
    jobs = ReportJob.objects.restrict(request.user, VIEW).defer("content").select_related("period")[:10]
    return render(request, template, {"job": job, "jobs": jobs})


@login_required
def job_download(request, pk):
    job = get_object_or_404(
        ReportJob.objects.restrict(request.user, VIEW), pk=pk, status=ReportJob.Status.DONE
    )
    content_type = "application/pdf" if job.filename.endswith(".pdf") else documents.XLSX_TYPE
    response = HttpResponse(bytes(job.content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


# --- Definitions ------------------------------------------------------------------------------------------


class IndicatorListView(RestrictedMixin, ListView):
    model = Indicator
    template_name = "kpi/indicator_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = _defines(self.request.user)
        context["formulas"] = FORMULAS
        return context


class IndicatorCreateView(RestrictedEditMixin, CreateView):
    model = Indicator
    form_class = IndicatorForm
    action = ACCEPT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _defines(request.user):
            raise PermissionDenied(_("Indicators are defined by the federal operator."))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("kpi:indicator_list")


class IndicatorUpdateView(RestrictedEditMixin, UpdateView):
    model = Indicator
    form_class = IndicatorForm
    action = ACCEPT

    def get_success_url(self):
        return reverse("kpi:indicator_list")


def _defines(user) -> bool:
    return user.is_superuser or user.scope(ACCEPT).everything


class ReportingPeriodListView(RestrictedMixin, ListView):
    model = ReportingPeriod
    template_name = "kpi/period_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_change": _defines(self.request.user)}


@require_POST
@login_required
def period_snapshot(request, pk):
    """The federal operator's act at a period's close: every draft left is submitted with its snapshot."""
    if not _defines(request.user):
        raise PermissionDenied(_("Snapshots of a period are taken by the federal operator."))
    period = get_object_or_404(ReportingPeriod.objects.restrict(request.user, VIEW), pk=pk)
    try:
        result = reports_submit_all(period=period, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _(
                "%(period)s: reports submitted: %(submitted)s; submitted before: %(already)s; "
                "refused, the period is closed for them: %(locked)s."
            )
            % {
                "period": period,
                "submitted": len(result.submitted),
                "already": len(result.already),
                "locked": len(result.locked),
            },
        )
    return redirect("kpi:period_list")


class ReportingPeriodCreateView(RestrictedEditMixin, CreateView):
    model = ReportingPeriod
    form_class = PeriodForm
    action = ACCEPT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _defines(request.user):
            raise PermissionDenied(_("Periods are set by the federal operator."))
        return super().dispatch(request, *args, **kwargs)


class ReportingPeriodUpdateView(RestrictedEditMixin, UpdateView):
    model = ReportingPeriod
    form_class = PeriodForm
    action = ACCEPT
