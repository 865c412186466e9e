from django import forms
from django.utils.translation import gettext_lazy as _

from profcluster.core.forms import BootstrapFormMixin
from profcluster.core.tabular import MAX_BYTES


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Only XLSX and CSV files are accepted."))
        return upload
