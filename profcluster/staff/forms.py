from django import forms
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.forms import ChangeReasonFormMixin, DateInput
from profcluster.core.permissions import CHANGE, VIEW
from profcluster.organisations.models import Organisation, Person
from profcluster.staff.models import Course, StaffMember, TeachingAssignment, TrainingRecord


class StaffMemberForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "person",
            "category",
            "host_organisation",
            "clusters",
            "programmes",
            "employment",
            "date_from",
            "date_to",
        ]
        widgets = {
            "date_from": DateInput(),
            "date_to": DateInput(),
            "programmes": forms.Textarea(attrs={"rows": 3}),
            "clusters": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["person"].queryset = (
            Person.objects.restrict(user, VIEW)
            .select_related("organisation")
            .order_by("surname", "name", "pk")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.organisation})"
        self.fields["host_organisation"].queryset = Organisation.objects.restrict(user, VIEW).filter(
            kind=Organisation.Kind.COLLEGE
        )
        self.fields["clusters"].queryset = Cluster.objects.restrict(user, VIEW)
        self.fields["clusters"].required = True
        self.fields["programmes"].help_text = _("Specialities and professions taught, one a line.")

    def clean(self):
        cleaned = super().clean()
        errors = staff_member_scope_errors(
            self.user, cleaned.get("person"), cleaned.get("host_organisation"), cleaned.get("clusters")
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned


def staff_member_scope_errors(user, person, host, clusters) -> dict[str, str]:
    """What the form and the API refuse about a staff member beyond the model's own rules."""
    errors = {}
    if person is not None:
        # Who may change an organisation manages its staff; a college also manages the practitioners
        # it hosts, though the employer's own record stays the employer's.
        managed = Organisation.objects.restrict(user, CHANGE)
        ids = [person.organisation_id] + ([host.pk] if host else [])
        if not managed.filter(pk__in=ids).exists():
            errors["person"] = _("You may record staff only of the organisations you manage.")
    if person is not None and clusters:
        ids = {person.organisation_id} | ({host.pk} if host else set())
        strangers = [c for c in clusters if not c.participations.filter(organisation_id__in=ids).exists()]
        if strangers:
            errors["clusters"] = _("The organisation does not take part in: %(clusters)s.") % {
                "clusters": ", ".join(str(c) for c in strangers)
            }
    return errors


class CourseForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "provider", "kind", "hours", "format", "topic", "registered_by"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Known providers (federal institutes, regional institutes) are offered to everybody: the catalogue is
        # shared, and a provider's name is no secret.
        providers = Organisation.objects.filter(provided_courses__isnull=False).values("pk")
        self.fields["provider"].queryset = Organisation.objects.filter(
            pk__in=Organisation.objects.restrict(user, VIEW).values("pk")
        ) | Organisation.objects.filter(pk__in=providers)
        self.fields["registered_by"].queryset = Organisation.objects.restrict(user, CHANGE)
        if not user.is_superuser:
            self.fields["registered_by"].required = True


class TrainingRecordForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = [
            "course",
            "date_from",
            "date_to",
            "status",
            "document_kind",
            "document_series",
            "document_number",
            "document_date",
            "valid_until",
            "scan",
        ]
        widgets = {
            "date_from": DateInput(),
            "date_to": DateInput(),
            "document_date": DateInput(),
            "valid_until": DateInput(),
            "scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args, user, staff_member, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.staff_member = staff_member
        self.fields["course"].queryset = Course.objects.restrict(user, VIEW).select_related("provider")
        self.fields["scan"].help_text = _("PDF, JPEG or PNG, up to 5 MB.")


class TeachingAssignmentForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = TeachingAssignment
        fields = [
            "cluster",
            "programme",
            "discipline",
            "kind",
            "academic_year",
            "semester",
            "planned_hours",
            "delivered_hours",
        ]
        help_texts = {"academic_year": _("The first year of it: 2023 for 2023/24.")}

    def __init__(self, *args, practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.practitioner = practitioner
        self.fields["cluster"].queryset = practitioner.clusters.all()

    def _get_validation_exclusions(self):
        # The practitioner comes from the URL; it takes part in the "once per semester" constraint.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("practitioner")
        return exclusions
