"""List filters. Their parameters are those the derived numbers link with: a list reproduces a counted set."""

import django_filters
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.filters import cluster_filter
from profcluster.clusters.models import Cluster
from profcluster.core.filters import ReferenceFilter
from profcluster.core.forms import DateInput, FilterForm
from profcluster.core.permissions import VIEW
from profcluster.education.models import (
    Confirmation,
    DemoExam,
    EducationalProgramme,
    EmploymentRecord,
    FgosCode,
    Group,
    Placement,
    Student,
    TargetedContract,
    checkpoints,
    course_expression,
)
from profcluster.organisations.models import Organisation
from profcluster.reference.models import Region

YES_NO = [("yes", _("yes")), ("no", _("no"))]


def _user(request):
    return getattr(request, "user", None)


def _programmes(request):
    return EducationalProgramme.objects.restrict(_user(request), VIEW)


def _regions(request):
    return Region.objects.filter(clusters__in=Cluster.objects.restrict(_user(request), VIEW)).distinct()


def _employers(request):
    return Organisation.objects.restrict(_user(request), VIEW).exclude(kind=Organisation.Kind.COLLEGE)


def _groups(request):
    return Group.objects.restrict(_user(request), VIEW)


# Filters by a group, an employer, a programme: a select in a region's scope, a search box in the country's
# (40 000 groups, 10 000 employers, 3 700 programmes), see core.filters.
def group_filter():
    return ReferenceFilter(
        label=_("Group"),
        queryset=_groups,
        lookups=["name__iexact"],
        text_field="name",
        not_found=_("Group «%(value)s» was not found."),
        placeholder=_("Group name"),
    )


def employer_filter():
    return ReferenceFilter(
        label=_("Employer"),
        queryset=_employers,
        lookups=["short_name__icontains", "full_name__icontains", "inn"],
        text_field="short_name",
        not_found=_("Employer «%(value)s» was not found."),
        placeholder=_("Name or INN"),
    )


class ProgrammeScopeFilter(django_filters.FilterSet):
    """Programme, cluster and region, reached through the model's path to its programme."""

    programme_path = "group__programme"

    programme = ReferenceFilter(
        label=_("Programme"),
        queryset=_programmes,
        method="by_path",
        lookups=["code__startswith", "name__icontains"],
        text_field="code",
        not_found=_("Programme «%(value)s» was not found."),
        placeholder=_("Code or name"),
    )
    cluster = cluster_filter(method="by_path")
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_regions, method="by_path")

    def by_path(self, queryset, name, value):
        suffix = {"programme": "", "cluster": "__cluster", "region": "__cluster__region"}[name]
        # The programme and cluster filters name every record a typed value finds: a list (or query) of keys.
        lookup = "" if isinstance(value, Model) else "__in"
        return queryset.filter(**{self.programme_path + suffix + lookup: value})


class ProgrammeFilter(ProgrammeScopeFilter):
    programme_path = "pk"
    programme = None
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FgosCode.Kind.choices, method="by_kind")

    class Meta:
        model = EducationalProgramme
        fields = ["cluster", "region", "college", "form"]
        form = FilterForm

    def by_path(self, queryset, name, value):
        return queryset.filter(**{"cluster__in": value} if name == "cluster" else {"cluster__region": value})

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__startswith=value.strip()) | Q(name__icontains=value))

    def by_kind(self, queryset, name, value):
        return queryset.filter(
            code__regex=r"^\d{2}\.01\." if value == FgosCode.Kind.PROFESSION else r"^\d{2}\.02\."
        )


class GroupFilter(ProgrammeScopeFilter):
    programme_path = "programme"

    class Meta:
        model = Group
        fields = ["programme", "cluster", "region", "intake_year"]
        form = FilterForm


class StudentFilter(ProgrammeScopeFilter):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    group = group_filter()
    # distinct=False: django-filter's default DISTINCT is for filters across a to-many relation; on a plain
    # field it only made PostgreSQL sort every matching row on all its columns (250 000 graduates: ~1.2 s).
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Student.Status.choices, distinct=False
    )
    course = django_filters.NumberFilter(label=_("Year of study"), method="by_course")
    contract = django_filters.ChoiceFilter(label=_("Targeted contract"), choices=YES_NO, method="by_contract")
    graduated_before = django_filters.DateFilter(
        label=_("Graduated on or before"), method="by_graduation", widget=DateInput()
    )

    class Meta:
        model = Student
        fields = ["q", "programme", "cluster", "region", "group", "status"]
        form = FilterForm

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(Q(surname__icontains=word) | Q(name__icontains=word))
        return queryset

    def by_course(self, queryset, name, value):
        # The same rule as the numbers: course k of students still studying, by the group's intake year.
        return queryset.annotate(course=course_expression()).filter(course=value)

    def by_contract(self, queryset, name, value):
        active = TargetedContract.objects.restrict(_user(self.request), VIEW)
        queryset = queryset.with_active_contract(active)
        return queryset.filter(has_contract=value == "yes")

    def by_graduation(self, queryset, name, value):
        return queryset.filter(status=Student.Status.GRADUATED, status_since__lte=value)


class PlacementFilter(ProgrammeScopeFilter):
    group = group_filter()
    employer = employer_filter()
    confirmation = django_filters.MultipleChoiceFilter(
        label=_("Confirmation"), choices=Confirmation.choices, distinct=False
    )

    class Meta:
        model = Placement
        fields = ["programme", "cluster", "region", "group", "employer", "kind", "confirmation"]
        form = FilterForm


class DemoExamFilter(ProgrammeScopeFilter):
    programme_path = "student__group__programme"

    class Meta:
        model = DemoExam
        fields = ["programme", "cluster", "region", "level", "passed"]
        form = FilterForm


class EmploymentFilter(ProgrammeScopeFilter):
    programme_path = "student__group__programme"
    checkpoint_months = django_filters.TypedChoiceFilter(
        label=_("Months after graduation"),
        choices=lambda: [(m, str(m)) for m in checkpoints()],
        coerce=int,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=EmploymentRecord.Status.choices, distinct=False
    )
    employer = employer_filter()
    by_speciality = django_filters.ChoiceFilter(label=_("By speciality"), choices=YES_NO, method="yes_no")
    at_partner = django_filters.ChoiceFilter(label=_("At a cluster partner"), choices=YES_NO, method="yes_no")
    graduated_before = django_filters.DateFilter(
        label=_("Graduated on or before"), method="by_graduation", widget=DateInput()
    )

    class Meta:
        model = EmploymentRecord
        fields = ["programme", "cluster", "region", "checkpoint_months", "status", "employer", "source"]
        form = FilterForm

    def yes_no(self, queryset, name, value):
        return queryset.filter(**{name: value == "yes"})

    def by_graduation(self, queryset, name, value):
        return queryset.filter(student__status=Student.Status.GRADUATED, student__status_since__lte=value)
