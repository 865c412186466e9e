from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, FormView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from profcluster.clusters.filters import ClusterFilter
from profcluster.clusters.models import Cluster, Participation
from profcluster.core.permissions import CHANGE, VIEW
from profcluster.core.views import HistoryMixin, RestrictedEditMixin, RestrictedListView, RestrictedMixin
from profcluster.governance import documents
from profcluster.governance.filters import ActivityFilter
from profcluster.governance.forms import (
    ActivityForm,
    AgendaItemForm,
    AssignmentForm,
    AttendanceForm,
    BoardForm,
    BoardMemberForm,
    DecisionEditForm,
    DecisionForm,
    EvidenceForm,
    MeetingForm,
    MilestoneForm,
    ProgrammeForm,
)
from profcluster.governance.models import (
    Activity,
    ActivityEvidence,
    AgendaItem,
    Assignment,
    Board,
    BoardMember,
    CalendarFeedToken,
    Decision,
    Meeting,
    Milestone,
    Programme,
    Vote,
)
from profcluster.governance.schedule import calendar_ics, calendar_items
from profcluster.governance.services import (
    attendance_set,
    decision_record,
    evidence_remove,
    meeting_create,
    meeting_quorum,
    programme_revise,
)


def _today() -> date:
    return timezone.localdate()


def _may_change(user, cluster_id) -> bool:
    return Cluster.objects.restrict(user, CHANGE).filter(pk=cluster_id).exists()


def _count(queryset, field="cluster"):
    """A correlated count per cluster, so that several counts on one row do not multiply each other."""
    return Coalesce(
        Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


class GovernanceIndexView(RestrictedListView):
    """The clusters of the user's scope with their management company, programme and meetings at a glance."""

    model = Cluster
    template_name = "governance/index.html"
    filterset_class = ClusterFilter
    export_name = "governance"
    export_columns = [
        (_("Cluster"), lambda c: c.name),
        (_("Region"), lambda c: c.region.name),
        (_("Selection year"), lambda c: c.selection_year),
        (_("Base college"), lambda c: c.base_organisation.short_name if c.base_organisation else ""),
        (_("Voting members"), lambda c: c.members_count),
        (_("Programme version"), lambda c: c.programme_version),
        (_("Meetings"), lambda c: c.meetings_count),
        (_("Next meeting"), lambda c: c.next_meeting),
        (_("Open assignments"), lambda c: c.open_assignments),
        (_("Overdue assignments"), lambda c: c.overdue_assignments),
    ]

    def get_queryset(self):
        today = _today()
        current = Programme.objects.filter(next_version__isnull=True)
        return (
            super()
            .get_queryset()
            .select_related("region", "base_organisation")
            .annotate(
                members_count=_count(
                    BoardMember.objects.valid_on(today).filter(voting=True), "board__cluster"
                ),
                meetings_count=_count(Meeting.objects.all()),
                open_assignments=_count(Assignment.objects.open(), "decision__meeting__cluster"),
                overdue_assignments=_count(
                    Assignment.objects.open().filter(due_date__lt=today), "decision__meeting__cluster"
                ),
                programme_version=Subquery(current.filter(cluster=OuterRef("pk")).values("version")[:1]),
                programme_id=Subquery(current.filter(cluster=OuterRef("pk")).values("pk")[:1]),
                next_meeting=Subquery(
                    Meeting.objects.filter(cluster=OuterRef("pk"), date__gte=today)
                    .order_by("date")
                    .values("date")[:1]
                ),
            )
            .order_by("-selection_year", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, _today()
        context["upcoming"] = (
            Meeting.objects.restrict(user, VIEW)
            .filter(date__gte=today)
            .select_related("cluster")
            .order_by("date", "time")[:10]
        )
        context["overdue"] = (
            Assignment.objects.restrict(user, VIEW)
            .open()
            .filter(due_date__lt=today)
            .select_related("decision__meeting__cluster", "responsible_organisation")
            .order_by("due_date")[:10]
        )
        return context


class ClusterGovernanceView(RestrictedMixin, DetailView):
    """One cluster: its management company, programme versions, meetings and open assignments."""

    model = Cluster
    template_name = "governance/cluster_governance.html"
    context_object_name = "cluster"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "base_organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cluster, user, today = self.object, self.request.user, _today()
        board = Board.objects.restrict(user, VIEW).filter(cluster=cluster).first()
        members = []
        if board is not None:
            members = list(
                board.members.select_related("person", "organisation")
                .annotate(has_votes=Exists(Vote.objects.filter(member=OuterRef("pk"))))
                .order_by("position", "person__surname", "person__name", "pk")
            )
        current_ids = {
            m.pk
            for m in members
            if (m.term_from is None or m.term_from <= today) and (m.term_to is None or m.term_to >= today)
        }
        represented = {m.organisation_id for m in members if m.pk in current_ids}
        participations = Participation.objects.filter(cluster=cluster).select_related("organisation")
        context.update(
            board=board,
            members=members,
            current_ids=current_ids,
            unrepresented=[p.organisation for p in participations if p.organisation_id not in represented],
            programmes=Programme.objects.restrict(user, VIEW)
            .filter(cluster=cluster)
            .select_related("approved_by__meeting", "next_version")
            .annotate(activities_count=Count("activities"))
            .order_by("-version"),
            meetings=Meeting.objects.restrict(user, VIEW)
            .filter(cluster=cluster)
            .select_related("chair")
            .annotate(decisions_count=Count("decisions"))
            .order_by("-date", "-time", "-pk"),
            open_assignments=Assignment.objects.restrict(user, VIEW)
            .open()
            .filter(decision__meeting__cluster=cluster)
            .select_related("decision__meeting", "responsible_organisation", "responsible_person"),
            can_change=_may_change(user, cluster.pk),
            today=today,
        )
        return context


class ParentMixin:
    """Create views reach their parent through the gate with "change": outside the scope it is not found."""

    parent_model = None
    parent_kwarg = ""

    def parent_queryset(self):
        return self.parent_model.objects.restrict(self.request.user, CHANGE)

    def get_parent(self):
        if not hasattr(self, "_parent"):
            self._parent = get_object_or_404(self.parent_queryset(), pk=self.kwargs["pk"])
        return self._parent

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), self.parent_kwarg: self.get_parent()}


class ObjectParentMixin(ParentMixin):
    """Update views: the parent is the edited object's own."""

    def get_parent(self):
        return getattr(self.object, self.parent_kwarg)


class BoardUpdateView(ParentMixin, RestrictedEditMixin, UpdateView):
    """Sets up or changes the management company; the first save creates it."""

    model = Board
    form_class = BoardForm
    parent_model = Cluster
    parent_kwarg = "cluster"

    def get_object(self, queryset=None):
        cluster = self.get_parent()
        return Board.objects.filter(cluster=cluster).first() or Board(cluster=cluster)


class BoardMemberCreateView(ParentMixin, RestrictedEditMixin, CreateView):
    model = BoardMember
    form_class = BoardMemberForm
    parent_model = Board
    parent_kwarg = "board"


class BoardMemberUpdateView(ObjectParentMixin, RestrictedEditMixin, UpdateView):
    model = BoardMember
    form_class = BoardMemberForm
    parent_kwarg = "board"

    def get_queryset(self):
        return super().get_queryset().select_related("board__cluster")


class BoardMemberDeleteView(RestrictedEditMixin, DeleteView):
    model = BoardMember
    template_name = "core/confirm_delete.html"
    success_message = _("Removed.")

    def get_queryset(self):
        # A member who has voted stays on record: the minutes count that vote.
        return super().get_queryset().filter(votes__isnull=True).select_related("board")

    def get_success_url(self):
        return reverse("governance:cluster_governance", args=[self.object.board.cluster_id])


class ProgrammeCreateView(ParentMixin, RestrictedEditMixin, CreateView):
    model = Programme
    form_class = ProgrammeForm
    parent_model = Cluster
    parent_kwarg = "cluster"

    def get_initial(self):
        year = _today().year
        return {
            "title": _("Programme of activities"),
            "period_start": date(year, 1, 1),
            "period_end": date(year + 2, 12, 31),
        }

    def form_valid(self, form):
        # One programme per cluster: later changes are its new versions, which keep the earlier ones intact.
        if Programme.objects.filter(cluster=self.get_parent()).exists():
            form.add_error(None, _("The cluster already has a programme: revise it to start a new version."))
            return self.form_invalid(form)
        return super().form_valid(form)


class ProgrammeDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Programme

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("cluster", "previous", "approved_by__meeting", "next_version")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme, today = self.object, _today()
        activities = programme.activities.select_related(
            "responsible_organisation", "responsible_person"
        ).prefetch_related("milestones")
        activity_filter = ActivityFilter(self.request.GET, queryset=activities)
        shown = list(activity_filter.qs)
        for activity in shown:
            activity.overdue = activity.is_overdue(today)
        years = range(programme.period_start.year, programme.period_end.year + 1)
        context.update(
            filter=activity_filter,
            activities=shown,
            timeline=documents.timeline_svg(shown, today=today) if shown else "",
            years=years,
            versions=Programme.objects.filter(cluster_id=programme.cluster_id).order_by("-version"),
            can_change=programme.is_current and _may_change(self.request.user, programme.cluster_id),
            today=today,
        )
        return context


class CurrentProgrammeMixin:
    """Only the current version of a programme changes; earlier versions stay as they were approved."""

    def get_queryset(self):
        return super().get_queryset().filter(next_version__isnull=True).select_related("cluster")


class ProgrammeUpdateView(CurrentProgrammeMixin, ObjectParentMixin, RestrictedEditMixin, UpdateView):
    model = Programme
    form_class = ProgrammeForm
    parent_kwarg = "cluster"


class ProgrammeReviseView(CurrentProgrammeMixin, RestrictedMixin, SingleObjectMixin, View):
    model = Programme
    action = CHANGE

    def post(self, request, *args, **kwargs):
        revision = programme_revise(
            programme=self.get_object(), change_reason=request.POST.get("change_reason", "")[:100]
        )
        messages.success(request, _("Version %(version)s is started.") % {"version": revision.version})
        return HttpResponseRedirect(revision.get_absolute_url())


class ProgrammeDocumentView(RestrictedMixin, SingleObjectMixin, View):
    """The year's plan of events or the report on work done, as DOCX or PDF."""

    model = Programme

    def get(self, request, *args, **kwargs):
        programme = self.get_object(super().get_queryset().select_related("cluster"))
        year, report, fmt = kwargs["year"], kwargs["kind"] == "report", kwargs["fmt"]
        if not 2000 <= year <= 2100:
            raise Http404
        if fmt == "docx":
            content = documents.annual_docx(programme, year, report=report, today=_today())
            content_type = documents.DOCX_TYPE
        else:
            content = documents.annual_pdf(programme, year, report=report, today=_today())
            content_type = "application/pdf"
        name = f"{'report' if report else 'plan'}-{programme.cluster_id}-{year}.{fmt}"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ActivityCreateView(ParentMixin, RestrictedEditMixin, CreateView):
    model = Activity
    form_class = ActivityForm
    parent_model = Programme
    parent_kwarg = "programme"

    def parent_queryset(self):
        return super().parent_queryset().filter(next_version__isnull=True).select_related("cluster")


class ActivityDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Activity

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "programme__cluster",
                "programme__next_version",
                "responsible_organisation",
                "responsible_person",
            )
            .prefetch_related("milestones", "spending_categories")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.object.programme
        context["can_change"] = programme.is_current and _may_change(self.request.user, programme.cluster_id)
        context["today"] = _today()
        context["evidence"] = (
            ActivityEvidence.objects.restrict(self.request.user, VIEW)
            .filter(activity=self.object)
            .select_related("uploaded_by")
        )
        if context["can_change"]:
            context["evidence_form"] = EvidenceForm(activity=self.object, user=self.request.user)
        return context


class ActivityUpdateView(ObjectParentMixin, RestrictedEditMixin, UpdateView):
    model = Activity
    form_class = ActivityForm
    parent_kwarg = "programme"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(programme__next_version__isnull=True)
            .select_related("programme__cluster")
        )


class ActivityDeleteView(RestrictedEditMixin, DeleteView):
    model = Activity
    template_name = "core/confirm_delete.html"
    success_message = _("Removed.")

    def get_queryset(self):
        return super().get_queryset().filter(programme__next_version__isnull=True)

    def get_success_url(self):
        return reverse("governance:programme_detail", args=[self.object.programme_id])


class EvidenceCreateView(ParentMixin, RestrictedEditMixin, CreateView):
    """Uploads an evidence file; the form sits on the activity's page, this one shows it again with errors."""

    model = ActivityEvidence
    form_class = EvidenceForm
    parent_model = Activity
    parent_kwarg = "activity"
    template_name = "governance/evidence_form.html"
    success_message = _("The file is uploaded.")

    def parent_queryset(self):
        return super().parent_queryset().filter(programme__next_version__isnull=True)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "activity": self.get_parent()}


class EvidenceDownloadView(LoginRequiredMixin, View):
    """The only way to an evidence file: the files are not served from MEDIA_URL."""

    def get(self, request, pk):
        evidence = get_object_or_404(ActivityEvidence.objects.restrict(request.user, VIEW), pk=pk)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404(_("The file is missing.")) from None
        response = FileResponse(
            handle, as_attachment=True, content_type=evidence.content_type, filename=evidence.original_name
        )
        # The files may show people and documents: no shared or browser cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class EvidenceDeleteView(RestrictedEditMixin, DeleteView):
    model = ActivityEvidence
    template_name = "core/confirm_delete.html"
    success_message = _("Removed.")

    def get_queryset(self):
        return super().get_queryset().filter(activity__programme__next_version__isnull=True)

    def form_valid(self, form):
        evidence_remove(evidence=self.object)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(reverse("governance:activity_detail", args=[self.object.activity_id]))


class MilestoneCreateView(ParentMixin, RestrictedEditMixin, CreateView):
    model = Milestone
    form_class = MilestoneForm
    parent_model = Activity
    parent_kwarg = "activity"

    def parent_queryset(self):
        return super().parent_queryset().filter(programme__next_version__isnull=True)


class MilestoneUpdateView(ObjectParentMixin, RestrictedEditMixin, UpdateView):
    model = Milestone
    form_class = MilestoneForm
    parent_kwarg = "activity"

    def get_queryset(self):
        return super().get_queryset().filter(activity__programme__next_version__isnull=True)


class MeetingCreateView(ParentMixin, RestrictedEditMixin, CreateView):
    model = Meeting
    form_class = MeetingForm
    parent_model = Cluster
    parent_kwarg = "cluster"

    def form_valid(self, form):
        self.object = meeting_create(
            meeting=form.instance,
            invited=form.cleaned_data["invited"],
            change_reason=form.cleaned_data.get("change_reason", ""),
        )
        carried = self.object.agenda_items.count()
        messages.success(self.request, self.success_message)
        if carried:
            messages.info(
                self.request,
                _("Open assignments carried into the agenda: %(count)s.") % {"count": carried},
            )
        return HttpResponseRedirect(self.object.get_absolute_url())


class MeetingDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Meeting

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("cluster", "chair__organisation", "secretary__organisation")
            .prefetch_related("invited")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        minutes = documents.minutes_context(meeting)
        context.update(
            minutes,
            meeting=meeting,
            can_change=_may_change(self.request.user, meeting.cluster_id),
            today=_today(),
        )
        return context


class MeetingUpdateView(ObjectParentMixin, RestrictedEditMixin, UpdateView):
    model = Meeting
    form_class = MeetingForm
    parent_kwarg = "cluster"

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")


class MeetingParentMixin(ParentMixin):
    parent_model = Meeting
    parent_kwarg = "meeting"

    def parent_queryset(self):
        return super().parent_queryset().select_related("cluster")


class AgendaItemCreateView(MeetingParentMixin, RestrictedEditMixin, CreateView):
    model = AgendaItem
    form_class = AgendaItemForm

    def get_initial(self):
        return {"position": self.get_parent().agenda_items.count() + 1}


class AgendaItemUpdateView(ObjectParentMixin, RestrictedEditMixin, UpdateView):
    model = AgendaItem
    form_class = AgendaItemForm
    parent_kwarg = "meeting"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting")


class AgendaItemDeleteView(RestrictedEditMixin, DeleteView):
    model = AgendaItem
    template_name = "core/confirm_delete.html"
    success_message = _("Removed.")

    def get_success_url(self):
        return reverse("governance:meeting_detail", args=[self.object.meeting_id])


class AttendanceUpdateView(MeetingParentMixin, RestrictedEditMixin, FormView):
    form_class = AttendanceForm
    model = Meeting

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.get_parent()}

    def form_valid(self, form):
        meeting = self.get_parent()
        try:
            attendance_set(
                meeting=meeting,
                people=form.cleaned_data["people"],
                change_reason=form.cleaned_data.get("change_reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(meeting.get_absolute_url())


class DecisionCreateView(MeetingParentMixin, RestrictedEditMixin, FormView):
    """A decision with the votes of the members present; without a quorum it is refused with the reason."""

    form_class = DecisionForm
    model = Decision
    template_name = "governance/decision_form.html"

    def get_quorum(self):
        if not hasattr(self, "_quorum"):
            self._quorum = meeting_quorum(self.get_parent())
        return self._quorum

    def get_form_kwargs(self):
        quorum = self.get_quorum()
        return {**super().get_form_kwargs(), "voters": quorum.present if quorum.applicable else []}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "meeting": self.get_parent(),
            "quorum": self.get_quorum(),
        }

    def form_valid(self, form):
        meeting = self.get_parent()
        try:
            decision = decision_record(
                meeting=meeting,
                text=form.cleaned_data["text"],
                votes=form.votes() or None,
                agenda_item=form.cleaned_data["agenda_item"],
                change_reason=form.cleaned_data.get("change_reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Decision %(number)s: %(outcome)s.")
            % {"number": decision.number, "outcome": decision.get_outcome_display()},
        )
        return HttpResponseRedirect(decision.get_absolute_url())


class DecisionUpdateView(RestrictedEditMixin, UpdateView):
    model = Decision
    form_class = DecisionEditForm

    def get_queryset(self):
        return super().get_queryset().select_related("meeting")


class AssignmentCreateView(ParentMixin, RestrictedEditMixin, CreateView):
    model = Assignment
    form_class = AssignmentForm
    parent_model = Decision
    parent_kwarg = "decision"

    def parent_queryset(self):
        return super().parent_queryset().select_related("meeting")


class AssignmentUpdateView(ObjectParentMixin, RestrictedEditMixin, UpdateView):
    model = Assignment
    form_class = AssignmentForm
    parent_kwarg = "decision"

    def get_queryset(self):
        return super().get_queryset().select_related("decision__meeting")


class MinutesView(RestrictedMixin, SingleObjectMixin, View):
    model = Meeting

    def get(self, request, *args, **kwargs):
        meeting = self.get_object(super().get_queryset().select_related("cluster"))
        fmt = kwargs["fmt"]
        if fmt == "docx":
            response = HttpResponse(documents.minutes_docx(meeting), content_type=documents.DOCX_TYPE)
        else:
            response = HttpResponse(documents.minutes_pdf(meeting), content_type="application/pdf")
        number = meeting.number.replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="minutes-{number}.{fmt}"'
        return response


def _month(value: str | None, today: date) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


class CalendarView(LoginRequiredMixin, TemplateView):
    """A month of the user's calendar, overdue items of its scope, and the address of its iCalendar feed."""

    template_name = "governance/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, _today()
        first = _month(self.request.GET.get("month"), today)
        following = (first + timedelta(days=32)).replace(day=1)
        items = calendar_items(user, start=first, end=following - timedelta(days=1), today=today)
        overdue = [item for item in calendar_items(user, end=today, today=today) if item.overdue]
        feed = CalendarFeedToken.objects.restrict(user, VIEW).filter(user=user).first()
        context.update(
            month=first,
            previous_month=(first - timedelta(days=1)).replace(day=1),
            next_month=following,
            items=items,
            overdue=overdue,
            feed_url=self.request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
        )
        return context


class CalendarFeedTokenView(LoginRequiredMixin, View):
    """Creates the feed address, or replaces it (the old one stops working) when it has leaked."""

    def post(self, request):
        feed = CalendarFeedToken.objects.filter(user=request.user).first() or CalendarFeedToken(
            user=request.user
        )
        feed.rotate()
        messages.success(request, _("The calendar feed address is ready."))
        return HttpResponseRedirect(reverse("governance:calendar"))


class CalendarFeedView(View):
    """The iCalendar feed: no session; the token stands for its user, whose scope decides what it holds."""

    def get(self, request, token):
        feed = get_object_or_404(CalendarFeedToken.objects.select_related("user"), token=token)
        if not feed.user.is_active:
            raise Http404
        base_url = request.build_absolute_uri("/").rstrip("/")
        response = HttpResponse(
            calendar_ics(feed.user, base_url=base_url, today=_today()),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'inline; filename="profcluster.ics"'
        return response
