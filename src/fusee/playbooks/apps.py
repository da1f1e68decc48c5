from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class PlaybooksConfig(AppConfig):
    name = "fusee.playbooks"
    label = "playbooks"
    verbose_name = _("Playbooks")
    dashboard_card = "fusee.playbooks.dashboard.card"
    navigation = [NavItem(_("Playbooks"), "playbooks:list", order=20)]  # my tasks: on the dashboard
