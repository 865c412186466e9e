from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "profcluster.governance"
    verbose_name = _("Programme and governance")
