from django import forms
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.forms import (
    BootstrapFormMixin,
    ChangeReasonFormMixin,
    DateInput,
    MoneyField,
    OptimisticLockFormMixin,
)
from profcluster.finance.models import BudgetLine, Commitment, Payment, Source, SpendingCategory
from profcluster.organisations.models import Organisation


class BudgetForm(BootstrapFormMixin, forms.Form):
    """The whole plan of a cluster for a year, source × category, saved as a new revision."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        help_text=_("Kept with the revision, e.g. the board decision that approved it."),
    )

    def __init__(self, *args, cluster: Cluster, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(SpendingCategory.objects.all())
        current = {
            (line.source, line.category_id): line.amount
            for line in BudgetLine.objects.current().filter(revision__cluster=cluster, revision__year=year)
        }
        self.grid = []
        for source, label in Source.choices:
            row = []
            for category in self.categories:
                name = f"amount_{source}_{category.pk}"
                self.fields[name] = MoneyField(
                    label=f"{label}: {category}",
                    required=False,
                    min_value=0,
                    initial=current.get((source, category.pk)),
                )
                row.append(name)
            self.grid.append((label, row))
        # The amount fields are added after BootstrapFormMixin styled the form: style them here.
        for name in self.fields:
            if name.startswith("amount_"):
                self.fields[name].widget.attrs["class"] = "form-control form-control-sm text-end"

    def rows(self):
        return [(label, [self[name] for name in names]) for label, names in self.grid]

    def amounts(self):
        result = {}
        for source, _label in Source.choices:
            for category in self.categories:
                value = self.cleaned_data.get(f"amount_{source}_{category.pk}")
                if value:
                    result[(source, category.pk)] = value
        return result


class LedgerEntryForm(OptimisticLockFormMixin, ChangeReasonFormMixin, forms.ModelForm):
    amount = MoneyField(label=_("amount"))

    def __init__(self, *args, user, cluster: Cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster
        participants = Organisation.objects.filter(participations__cluster=cluster)
        self.fields["organisation"].queryset = participants
        self.fields["organisation"].help_text = _("A participant of the cluster.")
        if self.instance.pk and getattr(self.instance, "locked", False):
            # Changing verified or accepted money must say why; the history keeps both versions.
            self.fields["change_reason"].required = True

    def _get_validation_exclusions(self):
        # The cluster is set by the page, not the form, but the rules that depend on it must still run.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("cluster")
        return exclusions


class CommitmentForm(LedgerEntryForm):
    class Meta:
        model = Commitment
        fields = [
            "year",
            "source",
            "category",
            "organisation",
            "form",
            "counterparty",
            "counterparty_name",
            "number",
            "date",
            "subject",
            "amount",
            "justification",
        ]
        widgets = {"date": DateInput(), "justification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, cluster, **kwargs):
        super().__init__(*args, user=user, cluster=cluster, **kwargs)
        self.fields["counterparty"].queryset = Organisation.objects.restrict(user, "view")


class PaymentForm(LedgerEntryForm):
    class Meta:
        model = Payment
        fields = [
            "year",
            "source",
            "category",
            "organisation",
            "commitment",
            "document",
            "date",
            "amount",
            "justification",
        ]
        widgets = {"date": DateInput(), "justification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, cluster, **kwargs):
        super().__init__(*args, user=user, cluster=cluster, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.filter(cluster=cluster)
        self.fields["commitment"].help_text = _("Leave empty only for a payment made without an agreement.")


class ConfirmationForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
