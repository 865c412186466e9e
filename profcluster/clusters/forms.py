from django import forms
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster, Participation
from profcluster.core.forms import ChangeReasonFormMixin, DateInput
from profcluster.core.permissions import CHANGE, VIEW
from profcluster.organisations.models import Organisation
from profcluster.reference.models import Region


class ClusterForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Cluster
        fields = [
            "kind",
            "name",
            "brand_name",
            "region",
            "industry",
            "selection_year",
            "base_organisation",
            "status",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A regional official places clusters only in the regions it may change.
        if not user.is_superuser:
            regions = set(user.scope(CHANGE).region_ids)
            if self.instance.pk:
                regions.add(self.instance.region_id)  # a cluster manager edits its cluster where it stands
            self.fields["region"].queryset = Region.objects.filter(pk__in=regions)
        self.fields["base_organisation"].queryset = Organisation.objects.restrict(user, VIEW).filter(
            kind=Organisation.Kind.COLLEGE
        )


class ParticipationForm(ChangeReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["organisation", "role", "date_from", "date_to", "obligations", "teaching_hours_pledged"]
        widgets = {
            "date_from": DateInput(),
            "date_to": DateInput(),
            "obligations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster
        # The base college is set on the cluster itself, so that there is always exactly one.
        self.fields["role"].choices = [
            c for c in Participation.Role.choices if c[0] != Participation.Role.BASE_COLLEGE
        ]
        if self.instance.pk and self.instance.role == Participation.Role.BASE_COLLEGE:
            self.fields["role"].choices = [
                (Participation.Role.BASE_COLLEGE, Participation.Role.BASE_COLLEGE.label)
            ]
            self.fields["organisation"].disabled = True
            self.fields["role"].disabled = True
            self.fields["organisation"].help_text = _("Change the base organisation on the cluster's form.")
        # The organisations the user can see, plus those of the cluster's region it may not otherwise see.
        self.fields["organisation"].queryset = Organisation.objects.restrict(
            user, VIEW
        ) | Organisation.objects.filter(region_id=cluster.region_id)

    def _get_validation_exclusions(self):
        # The cluster is not a form field but is part of the "once per cluster" constraint, checked here
        # so that a duplicate is a field error, not a database error.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("cluster")
        return exclusions
