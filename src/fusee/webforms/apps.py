from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class WebformsConfig(AppConfig):
    name = "fusee.webforms"
    label = "webforms"
    verbose_name = _("Forms")
    navigation = [NavItem(_("Forms"), "webforms:forms", order=45)]
