from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class NurturingConfig(AppConfig):
    name = "fusee.nurturing"
    label = "nurturing"
    verbose_name = _("Nurturing")
    navigation = [NavItem(_("Nurturing"), "nurturing:sequences", order=40)]
