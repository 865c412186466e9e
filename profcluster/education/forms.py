from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.forms import BootstrapFormMixin, ChangeReasonFormMixin, DateInput
from profcluster.core.permissions import CHANGE, VIEW
from profcluster.education.models import (
    DemoExam,
    EducationalProgramme,
    EmploymentRecord,
    Group,
    Placement,
    Student,
    TargetedContract,
    checkpoints,
)
from profcluster.organisations.models import Organisation, Person


def _employers(user):
    return Organisation.objects.restrict(user, VIEW).exclude(kind=Organisation.Kind.COLLEGE)


class ProgrammeForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = EducationalProgramme
        fields = [
            "code",
            "name",
            "qualification",
            "cluster",
            "college",
            "form",
            "admission_base",
            "start_year",
            "standard_years",
            "standard_months",
            "actual_years",
            "actual_months",
            "shortened",
            "practice_share",
            "partners",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["cluster"].queryset = Cluster.objects.filter(
            Q(pk__in=programme_clusters(user).values("pk")) | Q(pk=self.instance.cluster_id)
        )
        colleges = Organisation.objects.restrict(user, VIEW).filter(kind=Organisation.Kind.COLLEGE)
        self.fields["college"].queryset = colleges
        self.fields["partners"].queryset = _employers(user)
        self.fields["code"].widget.attrs["placeholder"] = "15.02.16"

    def clean(self):
        cleaned = super().clean()
        cluster, college = cleaned.get("cluster"), cleaned.get("college")
        if cluster and college:
            # Those who manage the cluster open programmes at any of its colleges; a college, its own.
            managed = Cluster.objects.restrict(self.user, CHANGE).filter(pk=cluster.pk).exists()
            own = Organisation.objects.restrict(self.user, CHANGE).filter(pk=college.pk).exists()
            if not (managed or own):
                self.add_error("college", _("You may not open programmes at this college."))
        return cleaned


def programme_clusters(user):
    """Clusters in which the user may open programmes: those it manages, those its colleges take part in."""
    own_colleges = Organisation.objects.restrict(user, CHANGE).filter(kind=Organisation.Kind.COLLEGE)
    return Cluster.objects.filter(
        Q(pk__in=Cluster.objects.restrict(user, CHANGE).values("pk"))
        | Q(participations__organisation__in=own_colleges.values("pk"))
    ).distinct()


class GroupForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "intake_year", "planned_intake"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme

    def _get_validation_exclusions(self):
        # The programme is part of the "name once per programme" constraint: a duplicate is a field error.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("programme")
        return exclusions


class StudentForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Student
        fields = [
            "surname",
            "name",
            "patronymic",
            "birth_date",
            "snils",
            "group",
            "enrolled_on",
            "status",
            "status_since",
        ]
        widgets = {"birth_date": DateInput(), "enrolled_on": DateInput(), "status_since": DateInput()}

    def __init__(self, *args, user, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.instance.group = group
        # A student moves only between groups of the same college.
        college = (group or self.instance.group).programme.college_id
        self.fields["group"].queryset = Group.objects.restrict(user, CHANGE).filter(
            programme__college_id=college
        )
        self.fields["status_since"].help_text = _("For a graduate, the graduation date.")


class ContractForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = TargetedContract
        fields = ["employer", "number", "date", "status"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, user, student=None, **kwargs):
        super().__init__(*args, **kwargs)
        if student is not None:
            self.instance.student = student
        self.fields["employer"].queryset = _employers(user)


class PlacementForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["student", "employer", "kind", "date_from", "date_to", "hours", "mentor"]
        widgets = {"date_from": DateInput(), "date_to": DateInput()}

    def __init__(self, *args, user, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.instance.group = group
        group = self.instance.group
        self.fields["student"].queryset = Student.objects.restrict(user, CHANGE).filter(group=group)
        employers = _employers(user)
        self.fields["employer"].queryset = employers
        self.fields["mentor"].queryset = Person.objects.filter(organisation__in=employers).select_related(
            "organisation"
        )
        self.fields["mentor"].label_from_instance = lambda person: (
            f"{person.full_name} ({person.organisation})"
        )


class ConfirmationForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DemoExamForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = DemoExam
        fields = ["level", "date", "score", "passed"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, student=None, **kwargs):
        super().__init__(*args, **kwargs)
        if student is not None:
            self.instance.student = student

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("student")
        return exclusions


class EmploymentForm(ChangeReasonFormMixin, forms.ModelForm):
    checkpoint_months = forms.TypedChoiceField(label=_("Months after graduation"), coerce=int, choices=[])

    class Meta:
        model = EmploymentRecord
        fields = ["checkpoint_months", "status", "employer", "by_speciality", "source", "fact_date"]
        widgets = {"fact_date": DateInput()}

    def __init__(self, *args, user, student=None, **kwargs):
        super().__init__(*args, **kwargs)
        if student is not None:
            self.instance.student = student
        self.fields["checkpoint_months"].choices = [(m, str(m)) for m in checkpoints()]
        self.fields["employer"].queryset = _employers(user)

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("student")
        return exclusions
