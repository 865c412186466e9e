from django import forms
from django.utils.translation import gettext_lazy as _

from profcluster.core.forms import (
    BootstrapFormMixin,
    ChangeReasonFormMixin,
    DateInput,
    OptimisticLockFormMixin,
)
from profcluster.kpi.formulas import choices as formula_choices
from profcluster.kpi.models import Indicator, LockException, ManualValue, ReportingPeriod, ReportJob


class IndicatorForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "direction",
            "periodicity",
            "formula",
            "description",
            "position",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formula"] = forms.ChoiceField(
            label=_("formula"),
            required=False,
            choices=[("", _("— entered by hand —")), *formula_choices()],
            help_text=Indicator._meta.get_field("formula").help_text,
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class PeriodForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["kind", "year", "quarter", "deadline", "closed"]
        widgets = {"deadline": DateInput()}


class ManualValueForm(OptimisticLockFormMixin, ChangeReasonFormMixin, forms.ModelForm):
    """A manual value; two people filling in the same report must not silently overwrite each other."""

    class Meta:
        model = ManualValue
        fields = ["value", "justification", "evidence"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 3})}


class LockExceptionForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = LockException
        fields = ["reason", "until"]
        widgets = {"until": DateInput(), "reason": forms.Textarea(attrs={"rows": 2})}


class ReturnForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("What has to be corrected"), widget=forms.Textarea(attrs={"rows": 3}))


class TargetsForm(ChangeReasonFormMixin, forms.Form):
    """One field per indicator: the cluster's target for the year (empty for none).

    The form carries the version of the year's targets it was shown with (`targets_version`), so a save
    over somebody else's changes in between is refused as a whole — the multi-record form of
    `OptimisticLockFormMixin`.
    """

    def __init__(self, *args, indicators, initial_values, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.fields["seen_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=version
        )
        for indicator in indicators:
            self.fields[f"i{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name}, {indicator.get_unit_display()}",
                required=False,
                max_digits=19,
                decimal_places=4,
                initial=initial_values.get(indicator.pk),
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
            )
        self.fields["change_reason"] = self.fields.pop("change_reason")  # after the values it explains

    def values(self) -> dict:
        return {i: self.cleaned_data.get(f"i{i.pk}") for i in self.indicators}


class JobForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportJob.Kind.choices)
    period = forms.ModelChoiceField(label=_("Period"), queryset=ReportingPeriod.objects.all())
    region = forms.IntegerField(required=False, widget=forms.HiddenInput)
    industry = forms.IntegerField(required=False, widget=forms.HiddenInput)
    cluster_kind = forms.CharField(required=False, widget=forms.HiddenInput)
    selection_year = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        # The PDF summary describes one region: its title, its money, its clusters side by side.
        if cleaned.get("kind") == ReportJob.Kind.REGIONAL_PDF and not cleaned.get("region"):
            raise forms.ValidationError(_("Choose the region of the summary."), code="region")
        return cleaned

    def params(self) -> dict:
        data = self.cleaned_data
        params = {
            "region": data.get("region"),
            "industry": data.get("industry"),
            "kind": data.get("cluster_kind"),
            "selection_year": data.get("selection_year"),
        }
        return {name: value for name, value in params.items() if value}
