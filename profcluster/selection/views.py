import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from profcluster.clusters.models import Cluster
from profcluster.core.csvfile import csv_response
from profcluster.core.permissions import ACCEPT, CHANGE, VIEW, can_register
from profcluster.core.views import (
    HistoryMixin,
    RestrictedEditMixin,
    RestrictedListView,
    RestrictedMixin,
    SafeDeleteMixin,
)
from profcluster.selection import opendata
from profcluster.selection.filters import ApplicationFilter, SelectionCallFilter, ShowcaseFilter
from profcluster.selection.forms import (
    ApplicationBudgetLineForm,
    ApplicationForm,
    ApplicationParticipantForm,
    AssignmentForm,
    AttachmentForm,
    ClusterShowcaseForm,
    CriterionForm,
    ExpertForm,
    PlannedActivityForm,
    PlannedProgrammeForm,
    ScoreForm,
    SelectionCallForm,
    TransitionForm,
)
from profcluster.selection.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationParticipant,
    Attachment,
    ClusterShowcase,
    Criterion,
    Expert,
    ExpertAssignment,
    PlannedActivity,
    PlannedProgramme,
    SelectionCall,
    Transition,
)
from profcluster.selection.services import (
    TRANSITIONS,
    application_convert,
    application_transition,
    assignment_score,
    call_save,
    expert_assign,
    showcase_for,
)


def can_manage_calls(user) -> bool:
    """The federal operator and administrators run the selection (the operator's one act is "accept")."""
    return user.is_authenticated and (user.is_superuser or user.scope(ACCEPT).everything)


def allowed(model, user, action: str, pk) -> bool:
    return model.objects.restrict(user, action).filter(pk=pk).exists()


def error_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- Calls --------------------------------------------------------------------------------------------------


class SelectionCallListView(RestrictedListView):
    model = SelectionCall
    filterset_class = SelectionCallFilter
    template_name = "selection/call_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("industries").order_by("-year", "cluster_kind", "pk")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_manage": can_manage_calls(self.request.user)}


class SelectionCallDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = SelectionCall
    template_name = "selection/call_detail.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("industries", "criteria")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, call = self.request.user, self.object
        context["can_manage"] = can_manage_calls(user)
        context["applications"] = (
            Application.objects.restrict(user, VIEW)
            .filter(call=call)
            .select_related("region", "industry", "base_college")
            .order_by("region__name", "cluster_name", "pk")
        )
        if context["can_manage"]:
            context["ranking"] = (
                Application.objects.restrict(user, ACCEPT)
                .filter(call=call)
                .ranked()
                .select_related("region", "base_college")
            )
        return context


class SelectionCallFormMixin:
    model = SelectionCall
    form_class = SelectionCallForm
    action = ACCEPT

    def form_valid(self, form):
        call = form.save(commit=False)
        try:
            self.object = call_save(
                call=call,
                industries=form.cleaned_data["industries"],
                change_reason=form.cleaned_data.get("change_reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.object.get_absolute_url())


class SelectionCallCreateView(SelectionCallFormMixin, RestrictedEditMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_manage_calls(request.user):
            raise PermissionDenied(_("Selection calls are announced by the federal operator."))
        return super().dispatch(request, *args, **kwargs)


class SelectionCallUpdateView(SelectionCallFormMixin, RestrictedEditMixin, UpdateView):
    pass


class CriterionMixin(RestrictedEditMixin):
    model = Criterion
    form_class = CriterionForm
    action = ACCEPT

    def get_call(self):
        return self.object.call

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "call": self.get_call()}

    def get_success_url(self):
        return self.get_call().get_absolute_url()


class CriterionCreateView(CriterionMixin, CreateView):
    def get_call(self):
        if not hasattr(self, "_call"):
            calls = SelectionCall.objects.restrict(self.request.user, ACCEPT)
            self._call = get_object_or_404(calls, pk=self.kwargs["pk"])
        return self._call


class CriterionUpdateView(CriterionMixin, UpdateView):
    pass


class CriterionDeleteView(SafeDeleteMixin, RestrictedEditMixin, DeleteView):
    model = Criterion
    action = ACCEPT
    template_name = "core/confirm_delete.html"
    success_message = _("Removed.")

    def get_success_url(self):
        return reverse("selection:call_detail", args=[self.object.call_id])


# --- Applications -------------------------------------------------------------------------------------------


class ApplicationListView(RestrictedListView):
    model = Application
    filterset_class = ApplicationFilter
    template_name = "selection/application_list.html"
    export_name = "applications"
    export_columns = [
        (_("Application"), lambda a: a.cluster_name),
        (_("Selection call"), lambda a: a.call.title),
        (_("Region"), lambda a: a.region.name),
        (_("Industry"), lambda a: a.industry.name),
        (_("Base college"), lambda a: a.base_college.short_name),
        (_("Status"), lambda a: a.get_status_display()),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("call", "region", "industry", "base_college", "cluster")
            .order_by("-call__year", "region__name", "cluster_name", "pk")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_add": can_register(self.request.user)}


class ApplicationDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Application
    template_name = "selection/application_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("call", "region", "industry", "base_college", "cluster")
            .prefetch_related(
                Prefetch("participants", ApplicationParticipant.objects.select_related("organisation")),
                "programmes",
                Prefetch("budget_lines", ApplicationBudgetLine.objects.select_related("category")),
                "activities",
                "attachments",
                Prefetch("transitions", Transition.objects.select_related("user")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, application = self.request.user, self.object
        can_change = allowed(Application, user, CHANGE, application.pk)
        can_accept = allowed(Application, user, ACCEPT, application.pk)
        context["can_edit"] = can_change and not application.is_locked
        context["can_accept"] = can_accept
        context["transitions_allowed"] = [
            (to, Application.Status(to).label)
            for (source, to), action in TRANSITIONS.items()
            if source == application.status and (can_accept if action == ACCEPT else can_change)
        ]
        context["own_assignment"] = (
            ExpertAssignment.objects.restrict(user, CHANGE).filter(application=application).first()
        )
        if can_accept:
            context["scores"] = Application.objects.filter(pk=application.pk).with_scores().get()
            context["assignments"] = (
                ExpertAssignment.objects.filter(application=application)
                .with_total()
                .select_related("expert__user")
            )
            assigned = [a.expert_id for a in context["assignments"]]
            eligible = [
                e
                for e in Expert.objects.exclude(pk__in=assigned).select_related("user")
                if not e.conflict_with(application)
            ]
            context["assignment_form"] = AssignmentForm(
                experts=Expert.objects.filter(pk__in=[e.pk for e in eligible])
            )
        context["budget_total"] = sum(line.amount for line in application.budget_lines.all())
        return context


class ApplicationFormMixin:
    model = Application
    form_class = ApplicationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ApplicationCreateView(ApplicationFormMixin, RestrictedEditMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_register(request.user):
            raise PermissionDenied(_("Applications are submitted by a regional official with write access."))
        return super().dispatch(request, *args, **kwargs)


def refuse_if_locked(application: Application) -> None:
    if application.is_locked:
        raise PermissionDenied(_("The application has been submitted and can no longer be changed."))


class ApplicationUpdateView(ApplicationFormMixin, RestrictedEditMixin, UpdateView):
    def get_object(self, queryset=None):
        application = super().get_object(queryset)
        refuse_if_locked(application)
        return application


class ApplicationPartMixin(RestrictedEditMixin):
    """Rows of an application: changed by the applying region while the application is a draft."""

    def get_application(self):
        return self.object.application

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "application": self.get_application(), "user": self.request.user}

    def get_success_url(self):
        return self.get_application().get_absolute_url()


class ApplicationPartCreateMixin(ApplicationPartMixin):
    def get_application(self):
        if not hasattr(self, "_application"):
            applications = Application.objects.restrict(self.request.user, CHANGE)
            self._application = get_object_or_404(applications, pk=self.kwargs["pk"])
            refuse_if_locked(self._application)
        return self._application


class ApplicationPartUpdateMixin(ApplicationPartMixin):
    def get_object(self, queryset=None):
        part = super().get_object(queryset)
        refuse_if_locked(part.application)
        return part


class ApplicationPartDeleteView(SafeDeleteMixin, RestrictedEditMixin, DeleteView):
    template_name = "core/confirm_delete.html"
    success_message = _("Removed.")

    def get_object(self, queryset=None):
        part = super().get_object(queryset)
        refuse_if_locked(part.application)
        return part

    def get_success_url(self):
        return reverse("selection:application_detail", args=[self.object.application_id])


class ApplicationParticipantCreateView(ApplicationPartCreateMixin, CreateView):
    model, form_class = ApplicationParticipant, ApplicationParticipantForm


class ApplicationParticipantUpdateView(ApplicationPartUpdateMixin, UpdateView):
    model, form_class = ApplicationParticipant, ApplicationParticipantForm


class ApplicationParticipantDeleteView(ApplicationPartDeleteView):
    model = ApplicationParticipant


class PlannedProgrammeCreateView(ApplicationPartCreateMixin, CreateView):
    model, form_class = PlannedProgramme, PlannedProgrammeForm


class PlannedProgrammeUpdateView(ApplicationPartUpdateMixin, UpdateView):
    model, form_class = PlannedProgramme, PlannedProgrammeForm


class PlannedProgrammeDeleteView(ApplicationPartDeleteView):
    model = PlannedProgramme


class ApplicationBudgetLineCreateView(ApplicationPartCreateMixin, CreateView):
    model, form_class = ApplicationBudgetLine, ApplicationBudgetLineForm


class ApplicationBudgetLineUpdateView(ApplicationPartUpdateMixin, UpdateView):
    model, form_class = ApplicationBudgetLine, ApplicationBudgetLineForm


class ApplicationBudgetLineDeleteView(ApplicationPartDeleteView):
    model = ApplicationBudgetLine


class PlannedActivityCreateView(ApplicationPartCreateMixin, CreateView):
    model, form_class = PlannedActivity, PlannedActivityForm


class PlannedActivityUpdateView(ApplicationPartUpdateMixin, UpdateView):
    model, form_class = PlannedActivity, PlannedActivityForm


class PlannedActivityDeleteView(ApplicationPartDeleteView):
    model = PlannedActivity


class AttachmentCreateView(ApplicationPartCreateMixin, CreateView):
    model, form_class = Attachment, AttachmentForm
    template_name = "selection/attachment_form.html"


class AttachmentDeleteView(ApplicationPartDeleteView):
    model = Attachment


class AttachmentDownloadView(LoginRequiredMixin, View):
    """The only way to an attachment: the files are not served from MEDIA_URL."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.restrict(request.user, VIEW), pk=pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404(gettext("The file is missing.")) from None
        response = FileResponse(handle, content_type="application/pdf", filename=attachment.download_name)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ApplicationTransitionView(LoginRequiredMixin, View):
    def post(self, request, pk):
        application = get_object_or_404(Application.objects.restrict(request.user, VIEW), pk=pk)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            raise Http404
        to = form.cleaned_data["to"]
        action = TRANSITIONS.get((application.status, to))
        if action is None or not allowed(Application, request.user, action, application.pk):
            raise PermissionDenied(_("You may not move this application to that status."))
        try:
            application_transition(
                application=application, to=to, user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Status changed."))
        return HttpResponseRedirect(application.get_absolute_url())


class ApplicationConvertView(LoginRequiredMixin, View):
    def post(self, request, pk):
        application = get_object_or_404(Application.objects.restrict(request.user, ACCEPT), pk=pk)
        try:
            cluster = application_convert(application=application, user=request.user)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
            return HttpResponseRedirect(application.get_absolute_url())
        messages.success(request, _("The cluster has been created from the application."))
        return HttpResponseRedirect(cluster.get_absolute_url())


# --- Experts ------------------------------------------------------------------------------------------------


class ExpertListView(RestrictedListView):
    model = Expert
    template_name = "selection/expert_list.html"
    filterset_fields = ["region"]

    def get_queryset(self):
        return super().get_queryset().select_related("user", "region", "organisation")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_manage": can_manage_calls(self.request.user)}


class ExpertCreateView(RestrictedEditMixin, CreateView):
    model, form_class, action = Expert, ExpertForm, ACCEPT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_manage_calls(request.user):
            raise PermissionDenied(_("Experts are appointed by the federal operator."))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("selection:expert_list")


class ExpertUpdateView(RestrictedEditMixin, UpdateView):
    model, form_class, action = Expert, ExpertForm, ACCEPT

    def get_success_url(self):
        return reverse("selection:expert_list")


class AssignmentCreateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        application = get_object_or_404(Application.objects.restrict(request.user, ACCEPT), pk=pk)
        form = AssignmentForm(request.POST, experts=Expert.objects.select_related("user"))
        if form.is_valid():
            try:
                expert_assign(application=application, expert=form.cleaned_data["expert"], user=request.user)
            except ValidationError as error:
                for message in error_messages(error):
                    messages.error(request, message)
            else:
                messages.success(request, _("The expert is assigned."))
        else:
            messages.error(request, _("Choose an expert."))
        return HttpResponseRedirect(application.get_absolute_url())


class AssignmentScoreView(LoginRequiredMixin, FormView):
    """The expert's own scoring sheet; nobody else's assignment is found (404)."""

    form_class = ScoreForm
    template_name = "selection/score_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            assignments = ExpertAssignment.objects.restrict(request.user, CHANGE).select_related(
                "application__call", "application__region", "expert__user"
            )
            self.assignment = get_object_or_404(assignments, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "criteria": self.assignment.application.call.criteria.all(),
            "existing": {s.criterion_id: s for s in self.assignment.scores.all()},
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "assignment": self.assignment}

    def form_valid(self, form):
        try:
            assignment_score(assignment=self.assignment, scores=form.scores())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Scores saved."))
        return HttpResponseRedirect(self.assignment.application.get_absolute_url())


# --- Showcase (signed in: editing) --------------------------------------------------------------------------


class ClusterShowcaseUpdateView(LoginRequiredMixin, UpdateView):
    """The cluster's showcase entry, edited by whoever may change the cluster."""

    model, form_class = ClusterShowcase, ClusterShowcaseForm
    template_name = "core/form.html"

    def get_object(self, queryset=None):
        clusters = Cluster.objects.restrict(self.request.user, CHANGE).select_related("base_organisation")
        return showcase_for(get_object_or_404(clusters, pk=self.kwargs["pk"]))

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Saved."))
        return response

    def get_success_url(self):
        # An unpublished entry has no public page to show yet.
        showcase = self.object
        return showcase.get_absolute_url() if showcase.is_published else showcase.cluster.get_absolute_url()


# --- Public pages: no sign-in -------------------------------------------------------------------------------


class ShowcaseListView(FilterView):
    filterset_class = ShowcaseFilter
    template_name = "selection/showcase_list.html"
    paginate_by = 20
    strict = False

    def get_queryset(self):
        return opendata.published_showcases()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["records"] = [opendata.public_record(s) for s in context["object_list"]]
        return context


class ShowcaseDetailView(TemplateView):
    template_name = "selection/showcase_detail.html"

    def get_context_data(self, **kwargs):
        showcase = get_object_or_404(opendata.published_showcases(), cluster_id=self.kwargs["pk"])
        return {**super().get_context_data(**kwargs), "record": opendata.public_record(showcase)}


class OpenDataView(TemplateView):
    """The documented schema of the open data, field by field."""

    template_name = "selection/open_data.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "fields": opendata.FIELDS}


def _records(request):
    return [opendata.public_record(s, request) for s in opendata.published_showcases()]


class OpenDataCsvView(View):
    def get(self, request):
        rows = ([opendata.csv_value(n, r[n]) for n in opendata.FIELD_NAMES] for r in _records(request))
        return csv_response("clusters.csv", opendata.FIELD_NAMES, rows)


class OpenDataJsonView(View):
    def get(self, request):
        records = _records(request)
        body = json.dumps({"count": len(records), "clusters": records}, ensure_ascii=False, indent=2)
        return HttpResponse(body, content_type="application/json; charset=utf-8")


class OpenDataSchemaView(View):
    def get(self, request):
        body = json.dumps(opendata.json_schema(request), ensure_ascii=False, indent=2)
        return HttpResponse(body, content_type="application/schema+json; charset=utf-8")
