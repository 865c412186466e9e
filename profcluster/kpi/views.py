from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from profcluster.clusters.filters import ClusterFilter
from profcluster.clusters.models import Cluster
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
    Target,
)
from profcluster.kpi.selectors import (
    BENCHMARK_LABELS,
    BENCHMARKS,
    board,
    by_region,
    compute_values,
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
    targets_save,
)
from profcluster.reference.models import Region


def _period(request) -> ReportingPeriod:
    value = request.GET.get("period", "")
    if value.isdigit():
        return get_object_or_404(ReportingPeriod, pk=value)
    period = current_period()
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
    cluster = _cluster(request, pk)
    period = _period(request)
    row = board(Cluster.objects.filter(pk=cluster.pk), period)[0]
    indicators = [f.indicator for f in row.figures]
    chosen = next((i for i in indicators if i.code == request.GET.get("indicator")), None)
    chosen = chosen or (indicators[0] if indicators else None)
    return render(
        request,
        "kpi/cluster.html",
        {
            "cluster": cluster,
            "period": period,
            "periods": ReportingPeriod.objects.all(),
            "row": row,
            "chosen": chosen,
            "trend": _trend(cluster, chosen) if chosen else "",
            "can_set_targets": can_set_targets(request.user, cluster),
            "benchmarks": [(label, row.benchmarks.get(key), key) for key, label in _benchmark_columns()],
        },
    )


def _trend(cluster, indicator) -> str:
    """The indicator over the periods of its periodicity: value and target, a bar pair per period."""
    periods = sorted(ReportingPeriod.objects.all(), key=lambda p: (p.end, p.kind))
    if indicator.periodicity == Indicator.Periodicity.YEAR:
        periods = [p for p in periods if p.kind == ReportingPeriod.Kind.YEAR]
    periods = [p for p in periods if p.start <= timezone.localdate()]
    single = Cluster.objects.filter(pk=cluster.pk)
    targets = dict(Target.objects.filter(cluster=cluster, indicator=indicator).values_list("year", "value"))
    values = []
    for period in periods:
        values.append(compute_values([indicator], single, period).get((indicator.pk, cluster.pk)))
    return bar_chart_svg(
        [str(p) for p in periods],
        {_("Value"): [v or 0 for v in values], _("Target"): [targets.get(p.year, 0) for p in periods]},
        horizontal=False,
    )


def _board_page(request, clusters, template, extra):
    period = _period(request)
    sort = request.GET.get("sort", "risks")
    rows = sort_rows(board(clusters, period), sort)
    indicators = [f.indicator for f in rows[0].figures] if rows else indicators_for(period)
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        template,
        {
            "period": period,
            "periods": ReportingPeriod.objects.all(),
            "rows": rows,
            "indicators": indicators,
            "sort": sort,
            "sort_query": query.urlencode(),
            "benchmark_columns": _benchmark_columns(),
            "job_form": JobForm(initial={"period": period.pk}),
            **extra(rows),
        },
    )


@login_required
def region_dashboard(request, pk):
    region = get_object_or_404(Region, pk=pk)
    clusters = kpi_clusters(request.user).filter(region=region)
    if not clusters.exists():
        raise Http404
    return _board_page(request, clusters, "kpi/region.html", lambda rows: {"region": region})


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
        lambda rows: {
            "filter": filterset,
            "regions": by_region(rows),
            "federal_columns": documents.federal_columns(),
        },
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
    current = dict(Target.objects.filter(cluster=cluster, year=year).values_list("indicator_id", "value"))
    form = TargetsForm(request.POST or None, indicators=indicators, initial_values=current)
    if request.method == "POST" and form.is_valid():
        targets_save(cluster=cluster, year=year, values=form.values(), user=request.user)
        messages.success(request, _("Saved."))
        return redirect("kpi:cluster", cluster.pk)
    title = _("Targets of %(cluster)s for %(year)s") % {"cluster": cluster, "year": year}
    return render(
        request,
        "kpi/simple_form.html",
        {"form": form, "title": title, "back": reverse("kpi:cluster", args=[pk])},
    )


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
        messages.error(request, _("Choose the report and the period."))
        return redirect("kpi:federal")
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
    response = HttpResponse(bytes(job.content), content_type=documents.XLSX_TYPE)
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
