from django import forms
from django.utils.translation import gettext_lazy as _

from profcluster.core.forms import BootstrapFormMixin, ChangeReasonFormMixin, DateInput, MoneyField, formfield
from profcluster.core.permissions import CHANGE, VIEW
from profcluster.organisations.models import Organisation
from profcluster.reference.models import Region
from profcluster.selection.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationParticipant,
    Attachment,
    ClusterShowcase,
    Criterion,
    Expert,
    PlannedActivity,
    PlannedProgramme,
    SelectionCall,
)


class SelectionCallForm(ChangeReasonFormMixin, forms.ModelForm):
    grant_size = MoneyField(label=_("federal grant per cluster"))

    class Meta:
        model = SelectionCall
        fields = [
            "year",
            "cluster_kind",
            "title",
            "industries",
            "grant_size",
            "min_regional_percent",
            "min_non_budget_percent",
            "opens_on",
            "closes_on",
            "disagreement_percent",
            "is_published",
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "industries": forms.SelectMultiple(attrs={"size": 8}),
        }


class CriterionForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["position", "name", "weight", "max_score"]

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.call = call

    def _get_validation_exclusions(self):
        # The call is part of "one name per call": checked here so a duplicate is a field error.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("call")
        return exclusions


class ApplicationForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["call", "region", "cluster_name", "industry", "base_college", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = SelectionCall.objects.restrict(user, VIEW).filter(is_published=True)
        if not user.is_superuser:
            # A region applies only for itself.
            self.fields["region"].queryset = Region.objects.filter(pk__in=user.scope(CHANGE).region_ids)
        self.fields["base_college"].queryset = Organisation.objects.restrict(user, VIEW).filter(
            kind=Organisation.Kind.COLLEGE
        )


class ApplicationPartForm(ChangeReasonFormMixin, forms.ModelForm):
    """A row of an application; the application is not a field but takes part in its uniqueness checks."""

    def __init__(self, *args, application, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.application = application

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("application")
        return exclusions


class ApplicationParticipantForm(ApplicationPartForm):
    class Meta:
        model = ApplicationParticipant
        fields = ["organisation", "role", "obligations"]
        widgets = {"obligations": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, application, user, **kwargs):
        super().__init__(*args, application=application, user=user, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.restrict(user, VIEW)


class PlannedProgrammeForm(ApplicationPartForm):
    class Meta:
        model = PlannedProgramme
        fields = ["code", "name", "planned_intake"]
        widgets = {"code": forms.TextInput(attrs={"placeholder": "15.02.16", "inputmode": "decimal"})}


class ApplicationBudgetLineForm(ApplicationPartForm):
    amount = MoneyField(label=_("amount"))

    class Meta:
        model = ApplicationBudgetLine
        fields = ["year", "source", "category", "amount"]


class PlannedActivityForm(ApplicationPartForm):
    class Meta:
        model = PlannedActivity
        fields = ["title", "direction", "year"]


class AttachmentForm(ApplicationPartForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}


class TransitionForm(BootstrapFormMixin, forms.Form):
    to = forms.ChoiceField(choices=Application.Status.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class ExpertForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["user", "region", "organisation", "expertise"]


class AssignmentForm(BootstrapFormMixin, forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=Expert.objects.none())

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class ScoreForm(BootstrapFormMixin, forms.Form):
    """One score and one comment per criterion of the call."""

    def __init__(self, *args, criteria, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            current = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_score}, {_('weight')} {criterion.weight})",
                min_value=0,
                max_value=criterion.max_score,
                initial=current.score if current else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"score_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.criteria}


class ClusterShowcaseForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = ClusterShowcase
        fields = ["is_published", "public_description", "contact_phone", "contact_email", "contact_website"]
        widgets = {"public_description": forms.Textarea(attrs={"rows": 5})}
        formfield_callback = formfield
        help_texts = {
            "contact_phone": _("The organisation's phone, e.g. the admissions office; never a person's."),
        }
