from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "profcluster.selection"
    verbose_name = _("Competitive selection and showcase")
