import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from profcluster.clusters.models import Cluster
from profcluster.core import personal
from profcluster.core.charts import bar_chart_svg, pie_chart_svg
from profcluster.core.identifiers import format_snils
from profcluster.core.money import share
from profcluster.core.permissions import CHANGE, PERSONAL_DATA, VIEW
from profcluster.core.views import HistoryMixin, RestrictedEditMixin, RestrictedListView, RestrictedMixin
from profcluster.core.xlsx import Sheet, xlsx_response
from profcluster.organisations.models import Organisation, personal_data_visible
from profcluster.staff.filters import CourseFilter, StaffMemberFilter, TeachingAssignmentFilter
from profcluster.staff.forms import CourseForm, StaffMemberForm, TeachingAssignmentForm, TrainingRecordForm
from profcluster.staff.models import (
    EXPIRY_WARNING_DAYS,
    Course,
    ScanAccess,
    StaffMember,
    TeachingAssignment,
    TrainingRecord,
    validity_years,
)
from profcluster.staff.services import (
    counted_staff,
    coverage_for_cluster,
    coverage_period,
    percent,
    personal_data_organisations,
    practitioner_hours,
    scan_access_record,
)


def can_manage_staff(user) -> bool:
    return Organisation.objects.restrict(user, CHANGE).exists()


def _contact(getter, mask):
    """An export column of the person's personal data, masked unless the row says it may be read."""
    return lambda member: getter(member.person) if member.show_personal_data else mask(getter(member.person))


class StaffMemberListView(RestrictedListView):
    model = StaffMember
    filterset_class = StaffMemberFilter
    template_name = "staff/staffmember_list.html"
    export_name = "staff"
    export_columns = [
        (_("Name"), lambda m: m.person.full_name),
        (_("Position"), lambda m: m.person.position),
        (_("Category"), lambda m: m.get_category_display()),
        (_("Employment"), lambda m: m.get_employment_display()),
        (_("Organisation"), lambda m: m.organisation.short_name),
        (_("Host college"), lambda m: m.host_organisation.short_name if m.host_organisation else ""),
        (_("Clusters"), lambda m: "; ".join(c.name for c in m.clusters.all())),
        (_("Qualification valid until"), lambda m: m.pd_valid_until),
        (_("SNILS"), _contact(lambda p: format_snils(p.snils) if p.snils else "", personal.mask_snils)),
        (_("E-mail"), _contact(lambda p: p.email, personal.mask_email)),
        (_("Phone"), _contact(lambda p: p.phone, personal.mask_phone)),
    ]

    def export_prepare(self, rows):
        # One query per chunk of the export decides whose contacts the user may read.
        visible = personal_data_organisations(self.request.user, {m.organisation_id for m in rows})
        for member in rows:
            member.show_personal_data = member.organisation_id in visible

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_pd_status()
            .select_related("person", "organisation", "host_organisation")
            .prefetch_related(Prefetch("clusters", queryset=Cluster.objects.only("pk", "name")))
            .order_by("person__surname", "person__name", "category", "pk")
        )

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "can_add": can_manage_staff(self.request.user),
            "today": today,
            "soon": today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
        }


class StaffMemberDetailView(HistoryMixin, RestrictedMixin, DetailView):
    """The professional development passport of a staff member."""

    model = StaffMember
    template_name = "staff/staffmember_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("person", "organisation", "host_organisation")
            .prefetch_related("clusters")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, member = self.request.user, self.object
        show_personal_data = personal_data_visible(user, member.organisation)
        records = list(member.training_records.select_related("course", "course__provider"))
        assignments = member.teaching_assignments.select_related("cluster")
        context.update(
            can_change=StaffMember.objects.restrict(user, CHANGE).filter(pk=member.pk).exists(),
            show_personal_data=show_personal_data,
            records=records,
            assignments=assignments,
            assignment_totals=assignments.aggregate(
                planned=Sum("planned_hours"), delivered=Sum("delivered_hours")
            ),
            completed_hours=sum(r.course.hours for r in records if r.status == r.Status.COMPLETED),
            scan_accesses=(
                ScanAccess.objects.restrict(user, VIEW)
                .filter(record__staff_member=member)
                .select_related("user", "record__course")[:20]
                if show_personal_data
                else []
            ),
        )
        return context


class StaffMemberFormMixin(RestrictedEditMixin):
    model = StaffMember
    form_class = StaffMemberForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class StaffMemberCreateView(StaffMemberFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_manage_staff(request.user):
            raise PermissionDenied(_("Only those who manage an organisation record its staff."))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        # Links from an organisation's page prefill the person and the category.
        query = self.request.GET
        initial = {
            name: query[name] for name in ("person", "host_organisation") if query.get(name, "").isdigit()
        }
        if query.get("category") in StaffMember.Category.values:
            initial["category"] = query["category"]
        return {**super().get_initial(), **initial}


class StaffMemberUpdateView(StaffMemberFormMixin, UpdateView):
    def get_queryset(self):
        return super().get_queryset().select_related("person", "organisation")


class TrainingRecordMixin(RestrictedEditMixin):
    model = TrainingRecord
    form_class = TrainingRecordForm
    template_name = "staff/trainingrecord_form.html"

    def get_staff_member(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "staff_member": self.get_staff_member(),
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "staff_member": self.get_staff_member(),
            "validity_years": validity_years(),
        }

    def get_success_url(self):
        return self.get_staff_member().get_absolute_url()


class TrainingRecordCreateView(TrainingRecordMixin, CreateView):
    def get_staff_member(self):
        if not hasattr(self, "_staff_member"):
            members = StaffMember.objects.restrict(self.request.user, CHANGE).select_related("person")
            self._staff_member = get_object_or_404(members, pk=self.kwargs["pk"])
        return self._staff_member

    def get_initial(self):
        course = self.request.GET.get("course", "")
        return {**super().get_initial(), **({"course": course} if course.isdigit() else {})}


class TrainingRecordUpdateView(TrainingRecordMixin, UpdateView):
    def get_queryset(self):
        return super().get_queryset().select_related("staff_member__person", "course")

    def get_staff_member(self):
        return self.object.staff_member


class TrainingRecordScanView(LoginRequiredMixin, View):
    """Hands out a document scan to those who may read the staff member's personal data, and logs it."""

    def get(self, request, pk):
        records = TrainingRecord.objects.restrict(request.user, PERSONAL_DATA)
        record = get_object_or_404(records.exclude(scan=""), pk=pk)
        try:
            handle = record.scan.open("rb")
        except FileNotFoundError:
            raise Http404(gettext("The file of the scan is missing.")) from None
        scan_access_record(record=record, user=request.user)
        extension = record.scan.name.rsplit(".", 1)[-1].lower()
        response = FileResponse(
            handle,
            content_type=record.scan_content_type,
            filename=f"document-{record.pk}.{extension}",
        )
        # Personal data: no shared or browser cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
        return response


class CourseListView(RestrictedListView):
    model = Course
    filterset_class = CourseFilter
    template_name = "staff/course_list.html"

    def get_queryset(self):
        completed = Q(training_records__status=TrainingRecord.Status.COMPLETED)
        return (
            super()
            .get_queryset()
            .select_related("provider")
            .annotate(completed_count=Count("training_records", filter=completed))
            .order_by("title", "provider__short_name", "pk")
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_add": can_manage_staff(self.request.user)}


class CourseDetailView(HistoryMixin, RestrictedMixin, DetailView):
    model = Course
    template_name = "staff/course_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("provider", "registered_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = Course.objects.restrict(user, CHANGE).filter(pk=self.object.pk).exists()
        # Only the participants the user may see: the catalogue is shared, the people are not.
        context["records"] = (
            TrainingRecord.objects.restrict(user, VIEW)
            .filter(course=self.object)
            .select_related("staff_member__person", "staff_member__organisation")
        )
        return context


class CourseFormMixin(RestrictedEditMixin):
    model = Course
    form_class = CourseForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class CourseCreateView(CourseFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_manage_staff(request.user):
            raise PermissionDenied(_("Only those who manage an organisation add courses."))
        return super().dispatch(request, *args, **kwargs)


class CourseUpdateView(CourseFormMixin, UpdateView):
    pass


class TeachingAssignmentListView(RestrictedListView):
    model = TeachingAssignment
    filterset_class = TeachingAssignmentFilter
    template_name = "staff/teachingassignment_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "practitioner__person",
                "practitioner__organisation",
                "practitioner__host_organisation",
                "cluster",
            )
            .order_by("-academic_year", "-semester", "practitioner__person__surname", "discipline", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = context["filter"].qs
        context["totals"] = filtered.aggregate(planned=Sum("planned_hours"), delivered=Sum("delivered_hours"))
        context["by_employer"] = practitioner_hours(filtered)
        return context


class TeachingAssignmentMixin(RestrictedEditMixin):
    model = TeachingAssignment
    form_class = TeachingAssignmentForm

    def get_practitioner(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "practitioner": self.get_practitioner()}

    def get_success_url(self):
        return self.get_practitioner().get_absolute_url()


class TeachingAssignmentCreateView(TeachingAssignmentMixin, CreateView):
    def get_practitioner(self):
        if not hasattr(self, "_practitioner"):
            practitioners = StaffMember.objects.restrict(self.request.user, CHANGE).filter(
                category=StaffMember.Category.PRACTITIONER
            )
            self._practitioner = get_object_or_404(
                practitioners.select_related("person"), pk=self.kwargs["pk"]
            )
        return self._practitioner


class TeachingAssignmentUpdateView(TeachingAssignmentMixin, UpdateView):
    def get_queryset(self):
        return super().get_queryset().select_related("practitioner__person")

    def get_practitioner(self):
        return self.object.practitioner


class EmployerDetailView(RestrictedMixin, DetailView):
    """What an organisation's people give the clusters: practitioners' teaching and internships it hosted."""

    model = Organisation
    template_name = "staff/employer_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organisation = self.request.user, self.object
        context["practitioners"] = (
            StaffMember.objects.restrict(user, VIEW)
            .filter(organisation=organisation, category=StaffMember.Category.PRACTITIONER)
            .select_related("person", "host_organisation")
            .annotate(planned=Sum("teaching_assignments__planned_hours"))
            .annotate(delivered=Sum("teaching_assignments__delivered_hours"))
        )
        assignments = TeachingAssignment.objects.restrict(user, VIEW).filter(
            practitioner__organisation=organisation
        )
        context["hours"] = practitioner_hours(assignments)
        context["totals"] = assignments.aggregate(
            planned=Sum("planned_hours"), delivered=Sum("delivered_hours")
        )
        context["internships"] = (
            TrainingRecord.objects.restrict(user, VIEW)
            .filter(course__provider=organisation, course__kind=Course.Kind.INTERNSHIP)
            .select_related("course", "staff_member__person", "staff_member__organisation")
            .order_by("-date_from", "staff_member__person__surname", "pk")
        )
        return context


class CoverageMixin(LoginRequiredMixin):
    def get_cluster(self):
        return get_object_or_404(
            Cluster.objects.restrict(self.request.user, VIEW).select_related("region"), pk=self.kwargs["pk"]
        )

    def get_year(self, cluster) -> int:
        current = timezone.localdate().year
        value = self.request.GET.get("year", "")
        year = int(value) if value.isdigit() else current
        return min(max(year, cluster.selection_year - 1, 2022), current)

    def get_coverage(self):
        cluster = self.get_cluster()
        return coverage_for_cluster(cluster=cluster, user=self.request.user, year=self.get_year(cluster))


class CoverageView(CoverageMixin, TemplateView):
    template_name = "staff/coverage.html"

    def get_context_data(self, **kwargs):
        coverage = self.get_coverage()
        chart = None
        if coverage.by_category:
            # Shares by category against the target, not head counts: a cluster often has one college, and
            # per-cent axes read the same for a cluster of 7 people and of 700.
            categories = [c for c in StaffMember.COVERAGE_CATEGORIES if c in coverage.by_category]
            shares = [percent(coverage.by_category[c][1], coverage.by_category[c][0]) for c in categories]
            chart = bar_chart_svg(
                [str(StaffMember.Category(c).label) for c in categories],
                {
                    gettext("Coverage, %"): shares,
                    gettext("Target, %"): [coverage.target for _c in categories],
                },
            )
        formats_chart = None
        if any(item["planned"] for item in coverage.hours_by_format):
            formats_chart = pie_chart_svg(
                [str(item["label"]) for item in coverage.hours_by_format],
                [item["planned"] for item in coverage.hours_by_format],
            )
        current = timezone.localdate().year
        first = max(coverage.cluster.selection_year - 1, 2022)
        return {
            **super().get_context_data(**kwargs),
            "cluster": coverage.cluster,
            "coverage": coverage,
            "chart": chart,
            "formats_chart": formats_chart,
            "years": list(range(current, first - 1, -1)),
            "practitioner_totals": {
                "planned": sum(item["planned"] for item in coverage.practitioner_hours),
                "delivered": sum(item["delivered"] for item in coverage.practitioner_hours),
            },
        }


class CoverageExportView(CoverageMixin, View):
    """The coverage list as XLSX; personal data masked where the user may not read it."""

    def get(self, request, pk):
        cluster = self.get_cluster()
        year = self.get_year(cluster)
        coverage = coverage_for_cluster(cluster=cluster, user=request.user, year=year)
        _start, on = coverage_period(year)
        staff = list(
            counted_staff(cluster=cluster, user=request.user, on=on)
            .with_pd_status(on)
            .select_related("person", "organisation")
            .order_by("organisation__short_name", "person__surname", "person__name", "pk")
        )
        visible = personal_data_organisations(request.user, {m.organisation_id for m in staff})

        def contacts(member):
            person = member.person
            if member.organisation_id in visible:
                return [format_snils(person.snils) if person.snils else "", person.email, person.phone]
            return [
                personal.mask_snils(person.snils),
                personal.mask_email(person.email),
                personal.mask_phone(person.phone),
            ]

        people = Sheet(
            title=gettext("Staff"),
            headers=[
                gettext("Organisation"),
                gettext("Name"),
                gettext("Category"),
                gettext("Position"),
                gettext("SNILS"),
                gettext("E-mail"),
                gettext("Phone"),
                gettext("Qualification in force"),
                gettext("Valid until"),
            ],
            rows=[
                [
                    m.organisation.short_name,
                    m.person.full_name,
                    m.get_category_display(),
                    m.person.position,
                    *contacts(m),
                    gettext("yes") if m.qualified else gettext("no"),
                    m.pd_valid_until,
                ]
                for m in staff
            ],
        )
        summary = Sheet(
            title=gettext("Coverage"),
            headers=[
                gettext("Organisation"),
                gettext("Category"),
                gettext("Headcount"),
                gettext("Trained"),
                gettext("Share"),
            ],
            # The exact fraction: the spreadsheet rounds it for display only.
            rows=[
                [r.organisation, r.category_label, r.total, r.trained, share(r.trained, r.total)]
                for r in coverage.rows
            ]
            + [
                [
                    gettext("Total"),
                    "",
                    coverage.total,
                    coverage.trained,
                    share(coverage.trained, coverage.total),
                ]
            ],
            percent_columns={4},
        )
        hours = Sheet(
            title=gettext("Hours by format"),
            headers=[
                gettext("Format"),
                gettext("Planned hours"),
                gettext("Completed hours"),
                gettext("People"),
            ],
            rows=[
                [str(i["label"]), i["planned"], i["completed"], i["people"]] for i in coverage.hours_by_format
            ],
        )
        return xlsx_response(f"coverage-{cluster.pk}-{year}.xlsx", [summary, people, hours])
