from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class CoreConfig(AppConfig):
    name = "fusee.core"
    label = "core"
    verbose_name = _("Core")
    navigation = [
        NavItem(_("Dashboard"), "dashboard", order=0),
        NavItem(_("Team"), "team", order=90),
        NavItem(_("Jobs"), "jobs", order=95),
        NavItem(_("Audit log"), "audit", order=96, admin_only=True),
        NavItem(_("Settings"), "workspace", order=99),
    ]

    def ready(self) -> None:
        from fusee.core import lookups  # noqa: F401  (registers field__any_of)
        from fusee.core.jobs import registry

        registry.autodiscover()
