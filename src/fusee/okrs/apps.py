from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class OkrsConfig(AppConfig):
    name = "fusee.okrs"
    label = "okrs"
    verbose_name = _("OKRs")
    dashboard_card = "fusee.okrs.dashboard.card"
    navigation = [NavItem(_("OKRs"), "okrs:board", order=15), NavItem(_("Ideas"), "okrs:ideas", order=16)]
