from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class PlaybooksConfig(AppConfig):
    name = "fusee.playbooks"
    label = "playbooks"
    verbose_name = _("Playbooks")
    navigation = [NavItem(_("Playbooks"), "playbooks:list", order=20),
                  NavItem(_("My tasks"), "playbooks:my_tasks", order=21)]
