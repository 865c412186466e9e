from django import forms

from profcluster.core.forms import ChangeReasonFormMixin, formfield
from profcluster.core.permissions import CHANGE
from profcluster.organisations.models import Organisation, Person
from profcluster.reference.models import Region


class OrganisationForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "full_name",
            "short_name",
            "inn",
            "kpp",
            "ogrn",
            "okved",
            "region",
            "address",
            "website",
            "email",
            "phone",
        ]
        formfield_callback = formfield

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            regions = set(user.scope(CHANGE).region_ids)
            if self.instance.pk:
                regions.add(self.instance.region_id)  # an organisation member keeps its own region
            self.fields["region"].queryset = Region.objects.filter(pk__in=regions)

    def clean_inn(self):
        return self.cleaned_data["inn"].strip()

    def clean_kpp(self):
        return self.cleaned_data["kpp"].strip().upper()


class PersonForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["surname", "name", "patronymic", "position", "email", "phone", "snils"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
