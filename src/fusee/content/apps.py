from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class ContentConfig(AppConfig):
    name = "fusee.content"
    label = "content"
    verbose_name = _("Content")
    navigation = [NavItem(_("Content"), "content:recyclings", order=50)]
