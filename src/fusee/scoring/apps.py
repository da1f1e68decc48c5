from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class ScoringConfig(AppConfig):
    name = "fusee.scoring"
    label = "scoring"
    verbose_name = _("Lead scoring")
    navigation = [NavItem(_("Scoring"), "scoring:rules", order=30)]
