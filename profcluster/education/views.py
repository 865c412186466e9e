from operator import itemgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView

from profcluster.clusters.models import Cluster
from profcluster.core import personal
from profcluster.core.charts import bar_chart_svg
from profcluster.core.identifiers import format_snils
from profcluster.core.permissions import CHANGE, PERSONAL_DATA, VIEW
from profcluster.core.views import HistoryMixin, RestrictedEditMixin, RestrictedListView, RestrictedMixin
from profcluster.education.filters import (
    DemoExamFilter,
    EmploymentFilter,
    GroupFilter,
    PlacementFilter,
    ProgrammeFilter,
    StudentFilter,
)
from profcluster.education.forms import (
    ConfirmationForm,
    ContractForm,
    DemoExamForm,
    EmploymentForm,
    GroupForm,
    PlacementForm,
    ProgrammeForm,
    StudentForm,
    programme_clusters,
)
from profcluster.education.models import (
    Confirmation,
    DemoExam,
    EducationalProgramme,
    EmploymentRecord,
    Group,
    Placement,
    Student,
    TargetedContract,
    ours_q,
)
from profcluster.education.selectors import education_breakdown, education_numbers
from profcluster.education.services import placement_confirm, placement_save
from profcluster.organisations.models import Organisation, personal_data_visible
from profcluster.reference.models import Region


def _can(model, user, pk, action=CHANGE) -> bool:
    return model.objects.restrict(user, action).filter(pk=pk).exists()


def _personal_data_colleges(user, colleges: set[int]) -> set[int]:
    """The colleges among `colleges` whose students' personal data the user may read: one query for a page."""
    return set(
        Organisation.objects.restrict(user, PERSONAL_DATA)
        .filter(pk__in=colleges)
        .values_list("pk", flat=True)
    )


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _duration(years: int, months: int) -> str:
    return _("%(y)s y %(m)s m") % {"y": years, "m": months}


def _breakdown_rows(breakdown: dict, objects, url) -> list:
    return [(obj, breakdown[obj.pk], url(obj)) for obj in objects if obj.pk in breakdown]


def _charts(rows, numbers) -> dict[str, str]:
    charts = {}
    if rows:
        charts["intake"] = bar_chart_svg(
            [str(obj) for obj, _numbers, _url in rows],
            {
                _("studying"): [n.studying for _obj, n, _url in rows],
                _("planned intake"): [n.planned_intake for _obj, n, _url in rows],
                _("actual intake"): [n.actual_intake for _obj, n, _url in rows],
            },
        )
    if numbers.by_course:
        courses = sorted(numbers.by_course)
        charts["courses"] = bar_chart_svg(
            [_("year %(course)s") % {"course": course} for course in courses],
            {_("studying"): [numbers.by_course[course] for course in courses]},
            horizontal=False,
        )
    return charts


# --- Numbers ---------------------------------------------------------------------------------------------


@login_required
def education_index(request):
    """The derived numbers of every cluster the user may see, by cluster; narrowed to a region on demand."""
    user = request.user
    clusters = Cluster.objects.restrict(user, VIEW)
    regions = Region.objects.filter(clusters__in=clusters).distinct()
    region = None
    if request.GET.get("region", "").isdigit():
        region = get_object_or_404(regions, pk=request.GET["region"])
    numbers = education_numbers(user, clusters=clusters, region=region)
    breakdown = education_breakdown(user, by="cluster", clusters=clusters, region=region)
    shown = clusters.filter(pk__in=[key for key in breakdown if key]).select_related("region")
    rows = _breakdown_rows(breakdown, shown, lambda cluster: reverse("education:cluster", args=[cluster.pk]))
    context = {
        "numbers": numbers,
        "rows": rows,
        "regions": regions,
        "region": region,
        "charts": _charts(rows, numbers),
    }
    return render(request, "education/index.html", context)


@login_required
def cluster_education(request, pk):
    """Programmes, groups and derived numbers of one cluster."""
    user = request.user
    cluster = get_object_or_404(Cluster.objects.restrict(user, VIEW).select_related("region"), pk=pk)
    groups = Group.objects.restrict(user, VIEW).with_intake().order_by("-intake_year", "name")
    programmes = (
        EducationalProgramme.objects.restrict(user, VIEW)
        .filter(cluster=cluster)
        .select_related("college")
        .prefetch_related(Prefetch("groups", queryset=groups))
    )
    numbers = education_numbers(user, cluster=cluster)
    breakdown = education_breakdown(user, by="programme", cluster=cluster)
    rows = _breakdown_rows(breakdown, programmes, lambda programme: programme.get_absolute_url())
    context = {
        "cluster": cluster,
        "programmes": programmes,
        "numbers": numbers,
        "rows": rows,
        "charts": _charts(rows, numbers),
        "can_add": _can(Cluster, user, cluster.pk)
        or Organisation.objects.restrict(user, CHANGE)
        .filter(kind=Organisation.Kind.COLLEGE, participations__cluster=cluster)
        .exists(),
    }
    return render(request, "education/cluster.html", context)


# --- Programmes and groups ---------------------------------------------------------------------------------


class EducationalProgrammeListView(RestrictedListView):
    model = EducationalProgramme
    filterset_class = ProgrammeFilter
    template_name = "education/programme_list.html"
    export_name = "programmes"
    export_columns = [
        (gettext_lazy("Code"), lambda p: p.code),
        (gettext_lazy("Programme"), lambda p: p.name),
        (gettext_lazy("Qualification"), lambda p: p.qualification),
        (gettext_lazy("College"), lambda p: p.college.short_name),
        (gettext_lazy("Cluster"), lambda p: p.cluster.name),
        (gettext_lazy("Form of study"), lambda p: p.get_form_display()),
        (gettext_lazy("First intake year"), lambda p: p.start_year),
        (gettext_lazy("Standard duration"), lambda p: _duration(p.standard_years, p.standard_months)),
        (gettext_lazy("Actual duration"), lambda p: _duration(p.actual_years, p.actual_months)),
        (gettext_lazy("Shortened"), lambda p: _yes_no(p.shortened)),
        (gettext_lazy("Share of practice, %"), lambda p: p.practice_share),
        (gettext_lazy("Groups"), lambda p: p.groups_count),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("college", "cluster")
            .annotate(groups_count=Count("groups", distinct=True))
            .order_by("code", "college__short_name", "pk")
        )


class EducationalProgrammeDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = EducationalProgramme
    template_name = "education/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return super().get_queryset().select_related("college", "cluster").prefetch_related("partners")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, programme = self.request.user, self.object
        context.update(
            groups=Group.objects.restrict(user, VIEW).filter(programme=programme).with_intake(),
            numbers=education_numbers(user, programme=programme),
            can_change=_can(EducationalProgramme, user, programme.pk),
        )
        return context


class EducationalProgrammeFormMixin(RestrictedEditMixin):
    model = EducationalProgramme
    form_class = ProgrammeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class EducationalProgrammeCreateView(EducationalProgrammeFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not programme_clusters(request.user).exists():
            raise PermissionDenied(_("Only a college or the managers of a cluster open programmes."))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"cluster": self.request.GET.get("cluster"), "start_year": 2022}


class EducationalProgrammeUpdateView(EducationalProgrammeFormMixin, UpdateView):
    pass


class GroupListView(RestrictedListView):
    model = Group
    filterset_class = GroupFilter
    template_name = "education/group_list.html"
    export_name = "groups"
    export_columns = [
        (gettext_lazy("Group"), lambda g: g.name),
        (gettext_lazy("Code"), lambda g: g.programme.code),
        (gettext_lazy("Programme"), lambda g: g.programme.name),
        (gettext_lazy("College"), lambda g: g.programme.college.short_name),
        (gettext_lazy("Cluster"), lambda g: g.programme.cluster.name),
        (gettext_lazy("Intake year"), lambda g: g.intake_year),
        (gettext_lazy("Planned intake"), lambda g: g.planned_intake),
        (gettext_lazy("Admitted"), lambda g: g.actual_intake),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("programme", "programme__college", "programme__cluster")
            .with_intake()
            .order_by("-intake_year", "name", "pk")
        )


class GroupDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Group

    def get_queryset(self):
        return super().get_queryset().select_related("programme", "programme__college", "programme__cluster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, group = self.request.user, self.object
        students = list(
            Student.objects.restrict(user, VIEW).filter(group=group).select_related("group__programme")
        )
        context.update(
            students=students,
            show_personal_data=personal_data_visible(user, group.programme.college),
            placements=Placement.objects.restrict(user, VIEW)
            .filter(group=group)
            .select_related("student", "employer", "mentor"),
            enrolled=Student.objects.filter(group=group).count(),
            course=group.course(),
            can_change=_can(Group, user, group.pk),
        )
        return context


class GroupCreateView(RestrictedEditMixin, CreateView):
    model = Group
    form_class = GroupForm

    def get_programme(self):
        if not hasattr(self, "_programme"):
            programmes = EducationalProgramme.objects.restrict(self.request.user, CHANGE)
            self._programme = get_object_or_404(programmes, pk=self.kwargs["pk"])
        return self._programme

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.get_programme()}


class GroupUpdateView(RestrictedEditMixin, UpdateView):
    model = Group
    form_class = GroupForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.object.programme}


# --- Students --------------------------------------------------------------------------------------------


class MaskedStudentsMixin:
    """Marks each student of the page with whether the user may read its personal data (152-ФЗ)."""

    def students_of(self, rows):
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        students = self.students_of(context["object_list"])
        colleges = {student.group.programme.college_id for student in students}
        visible = _personal_data_colleges(self.request.user, colleges)
        for student in students:
            student.show_personal_data = student.group.programme.college_id in visible
        return context


class StudentListView(MaskedStudentsMixin, RestrictedListView):
    model = Student
    filterset_class = StudentFilter
    template_name = "education/student_list.html"
    export_name = "students"
    # Rows of the export are dicts of `export_queryset` (a register exports 250 000 graduates at once).
    export_columns = [
        (gettext_lazy("Surname"), itemgetter("surname")),
        (gettext_lazy("First name"), itemgetter("name")),
        (gettext_lazy("Patronymic"), itemgetter("patronymic")),
        (
            gettext_lazy("Date of birth"),
            lambda s: s["birth_date"] if s["show_personal_data"] else personal.MASK,
        ),
        (
            gettext_lazy("SNILS"),
            lambda s: (
                (format_snils(s["snils"]) if s["snils"] else "")
                if s["show_personal_data"]
                else personal.mask_snils(s["snils"])
            ),
        ),
        (gettext_lazy("Group"), itemgetter("group_name")),
        (gettext_lazy("College"), itemgetter("college")),
        (gettext_lazy("Enrolled on"), itemgetter("enrolled_on")),
        (gettext_lazy("Status"), itemgetter("status_label")),
        (gettext_lazy("Since"), itemgetter("status_since")),
    ]

    def export_queryset(self, queryset):
        # The primary key keeps two namesakes born the same day in one group two rows, should a filter across
        # a to-many relation ever make the list DISTINCT (the status filter no longer does).
        return queryset.values(
            "pk",
            "surname",
            "name",
            "patronymic",
            "birth_date",
            "snils",
            "enrolled_on",
            "status",
            "status_since",
            group_name=F("group__name"),
            college=F("group__programme__college__short_name"),
            college_id=F("group__programme__college_id"),
        )

    def export_prepare(self, rows):
        # The page's own rule, over a chunk of exported rows at once: one query, not one per student.
        visible = _personal_data_colleges(self.request.user, {row["college_id"] for row in rows})
        # Translated once per chunk, not once per row (a lazy label costs a catalogue look-up each time).
        labels = {value: str(label) for value, label in Student.Status.choices}
        for row in rows:
            row["show_personal_data"] = row["college_id"] in visible
            row["status_label"] = labels.get(row["status"], row["status"])

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("group", "group__programme", "group__programme__college")
            .order_by("surname", "name", "patronymic", "pk")
        )


class StudentDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Student

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "group", "group__programme", "group__programme__college", "group__programme__cluster"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, student = self.request.user, self.object
        own = Q(student=student) | Q(group=student.group, student__isnull=True)
        context.update(
            show_personal_data=personal_data_visible(user, student.group.programme.college),
            contracts=TargetedContract.objects.restrict(user, VIEW)
            .filter(student=student)
            .select_related("employer"),
            placements=Placement.objects.restrict(user, VIEW)
            .filter(own)
            .select_related("employer", "mentor"),
            exams=DemoExam.objects.restrict(user, VIEW).filter(student=student),
            employment=EmploymentRecord.objects.restrict(user, VIEW)
            .filter(student=student)
            .with_partner()
            .select_related("employer"),
            can_change=_can(Student, user, student.pk),
        )
        return context


class StudentCreateView(RestrictedEditMixin, CreateView):
    model = Student
    form_class = StudentForm

    def get_group(self):
        if not hasattr(self, "_group"):
            groups = Group.objects.restrict(self.request.user, CHANGE).select_related("programme")
            self._group = get_object_or_404(groups, pk=self.kwargs["pk"])
        return self._group

    def get_initial(self):
        return {"group": self.get_group()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "group": self.get_group()}


class StudentUpdateView(RestrictedEditMixin, UpdateView):
    model = Student
    form_class = StudentForm

    def get_queryset(self):
        return super().get_queryset().select_related("group__programme")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class StudentChildCreateMixin(RestrictedEditMixin):
    """A record of a student (contract, exam, employment) added from the student's page."""

    def get_student(self):
        if not hasattr(self, "_student"):
            students = Student.objects.restrict(self.request.user, CHANGE)
            self._student = get_object_or_404(students, pk=self.kwargs["pk"])
        return self._student

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "student": self.get_student()}


class TargetedContractCreateView(StudentChildCreateMixin, CreateView):
    model = TargetedContract
    form_class = ContractForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class TargetedContractUpdateView(RestrictedEditMixin, UpdateView):
    model = TargetedContract
    form_class = ContractForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class DemoExamCreateView(StudentChildCreateMixin, CreateView):
    model = DemoExam
    form_class = DemoExamForm


class EmploymentRecordCreateView(StudentChildCreateMixin, CreateView):
    model = EmploymentRecord
    form_class = EmploymentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class EmploymentRecordUpdateView(RestrictedEditMixin, UpdateView):
    model = EmploymentRecord
    form_class = EmploymentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


# --- Placements, exams, employment -------------------------------------------------------------------------


class PlacementListView(RestrictedListView):
    model = Placement
    filterset_class = PlacementFilter
    template_name = "education/placement_list.html"
    export_name = "placements"
    export_columns = [
        (gettext_lazy("Group"), lambda p: p.group.name),
        (gettext_lazy("Student"), lambda p: p.student.full_name if p.student_id else _("the whole group")),
        (gettext_lazy("Employer"), lambda p: p.employer.short_name),
        (gettext_lazy("Kind"), lambda p: p.get_kind_display()),
        (gettext_lazy("From"), lambda p: p.date_from),
        (gettext_lazy("To"), lambda p: p.date_to),
        (gettext_lazy("Hours"), lambda p: p.hours),
        (gettext_lazy("Mentor"), lambda p: p.mentor.full_name if p.mentor_id else ""),
        (gettext_lazy("Confirmation"), lambda p: p.get_confirmation_display()),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("group", "group__programme", "student", "employer", "mentor")
            .order_by("-date_from", "pk")
        )


class PlacementDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Placement

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("group", "group__programme", "student", "employer", "mentor")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, placement = self.request.user, self.object
        context.update(
            can_change=_can(Placement, user, placement.pk),
            can_confirm=Placement.objects.confirmable_by(user).filter(pk=placement.pk).exists(),
            confirmation_form=ConfirmationForm(),
        )
        return context


class PlacementFormMixin(RestrictedEditMixin):
    model = Placement
    form_class = PlacementForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = placement_save(
                placement=form.instance, change_reason=form.cleaned_data.get("change_reason", "")
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.object.get_absolute_url())


class PlacementCreateView(PlacementFormMixin, CreateView):
    def get_form_kwargs(self):
        groups = Group.objects.restrict(self.request.user, CHANGE)
        return {**super().get_form_kwargs(), "group": get_object_or_404(groups, pk=self.kwargs["pk"])}


class PlacementUpdateView(PlacementFormMixin, UpdateView):
    pass


@require_POST
@login_required
def placement_confirm_view(request, pk):
    placement = get_object_or_404(Placement.objects.confirmable_by(request.user), pk=pk)
    form = ConfirmationForm(request.POST)
    form.is_valid()
    confirmed = request.POST.get("decision") == "confirm"
    try:
        placement_confirm(
            placement=placement, confirmed=confirmed, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Confirmed.") if confirmed else _("Disputed."))
    return HttpResponseRedirect(placement.get_absolute_url())


class DemoExamListView(RestrictedListView):
    model = DemoExam
    filterset_class = DemoExamFilter
    template_name = "education/demoexam_list.html"
    export_name = "demo-exams"
    export_columns = [
        (gettext_lazy("Student"), lambda e: e.student.full_name),
        (gettext_lazy("Group"), lambda e: e.student.group.name),
        (gettext_lazy("Level"), lambda e: e.get_level_display()),
        (gettext_lazy("Date"), lambda e: e.date),
        (gettext_lazy("Score"), lambda e: e.score),
        (gettext_lazy("Passed"), lambda e: _yes_no(e.passed)),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("student", "student__group").order_by("-date", "pk")


class EmploymentRecordListView(RestrictedListView):
    model = EmploymentRecord
    filterset_class = EmploymentFilter
    template_name = "education/employment_list.html"
    export_name = "employment"
    export_columns = [
        (gettext_lazy("Graduate"), lambda r: r.student.full_name),
        (gettext_lazy("Group"), lambda r: r.student.group.name),
        (gettext_lazy("Months after graduation"), lambda r: r.checkpoint_months),
        (gettext_lazy("Status"), lambda r: r.get_status_display()),
        (gettext_lazy("Employer"), lambda r: r.employer.short_name if r.employer_id else ""),
        (gettext_lazy("By speciality"), lambda r: _yes_no(r.by_speciality)),
        (gettext_lazy("At a cluster partner"), lambda r: _yes_no(r.at_partner)),
        (gettext_lazy("Data source"), lambda r: r.get_source_display()),
        (gettext_lazy("Date of the fact"), lambda r: r.fact_date),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_partner()
            .select_related("student", "student__group", "employer")
            .order_by(*EmploymentRecord._meta.ordering, "pk")  # by graduate: see the model's ordering
        )


# --- Employer's view ----------------------------------------------------------------------------------------


@login_required
def employer_view(request, pk):
    """An employer's students, placements, contracts and hires: what it confirms and is counted for."""
    user = request.user
    organisation = get_object_or_404(Organisation.objects.restrict(user, VIEW), pk=pk)
    students = (
        Student.objects.restrict(user, VIEW)
        .filter(ours_q([organisation.pk]))
        .select_related("group", "group__programme")
        .order_by("surname", "name", "pk")
    )
    placements = (
        Placement.objects.restrict(user, VIEW)
        .filter(employer=organisation)
        .select_related("group", "group__programme", "student", "mentor")
    )
    context = {
        "organisation": organisation,
        "students": students,
        "placements": placements,
        "disputed": sum(1 for p in placements if p.confirmation == Confirmation.DISPUTED),
        "contracts": TargetedContract.objects.restrict(user, VIEW)
        .filter(employer=organisation)
        .select_related("student", "student__group"),
        "hires": EmploymentRecord.objects.restrict(user, VIEW)
        .filter(employer=organisation)
        .with_partner()
        .select_related("student", "student__group"),
        "can_confirm": Placement.objects.confirmable_by(user).filter(employer=organisation).exists(),
    }
    return render(request, "education/employer.html", context)
