import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.filters import cluster_filter
from profcluster.core.filters import ReferenceFilter
from profcluster.core.forms import FilterForm
from profcluster.core.permissions import VIEW
from profcluster.organisations.models import Organisation
from profcluster.staff.models import Course, StaffMember, TeachingAssignment

# An organisation is found by a part of its name or by its INN.
ORGANISATION_LOOKUPS = ["short_name__icontains", "full_name__icontains", "inn"]


def visible_organisations(request):
    return Organisation.objects.restrict(request.user, VIEW)


class StaffMemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    # A select in a region's scope, a search box in the country's 10 000 organisations (see core.filters).
    organisation = ReferenceFilter(
        label=_("Organisation"),
        queryset=visible_organisations,
        method="at_organisation",
        lookups=ORGANISATION_LOOKUPS,
        text_field="short_name",
        not_found=_("Organisation «%(value)s» was not found."),
        placeholder=_("Name or INN"),
    )
    cluster = cluster_filter(method="in_clusters")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=StaffMember.Category.choices)
    pd = django_filters.ChoiceFilter(
        label=_("Professional development"),
        method="pd_status",
        choices=[
            ("trained", _("trained")),
            ("not_trained", _("not trained")),
            ("expiring", _("expiring within 90 days")),
            ("expired", _("expired")),
        ],
    )

    class Meta:
        model = StaffMember
        fields = ["q", "organisation", "cluster", "category", "pd"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(person__surname__icontains=value)
            | Q(person__name__icontains=value)
            | Q(person__position__icontains=value)
            | Q(programmes__icontains=value)
        )

    def at_organisation(self, queryset, name, value):
        # An organisation's staff includes the practitioners who teach there.
        # `value`: the keys of every organisation the typed name finds.
        return queryset.filter(Q(organisation__in=value) | Q(host_organisation__in=value))

    def in_clusters(self, queryset, name, value):
        # A member of two clusters a typed name finds is listed once: a subquery of the memberships, where
        # a join would repeat the row and DISTINCT would sort the list on every column to drop the repeats.
        members = StaffMember.clusters.through.objects.filter(cluster__in=value).values("staffmember_id")
        return queryset.filter(pk__in=members)

    def pd_status(self, queryset, name, value):
        return queryset.pd_filter(value)


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Course
        fields = ["q", "kind", "format"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(topic__icontains=value) | Q(provider__short_name__icontains=value)
        )


class TeachingAssignmentFilter(django_filters.FilterSet):
    cluster = cluster_filter()
    employer = ReferenceFilter(
        label=_("Employer"),
        queryset=lambda request: visible_organisations(request).filter(kind=Organisation.Kind.EMPLOYER),
        field_name="practitioner__organisation",
        lookups=ORGANISATION_LOOKUPS,
        text_field="short_name",
        not_found=_("Employer «%(value)s» was not found."),
        placeholder=_("Name or INN"),
    )

    class Meta:
        model = TeachingAssignment
        fields = ["cluster", "employer", "academic_year", "kind"]
        form = FilterForm
