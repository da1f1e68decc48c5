from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class WebformsConfig(AppConfig):
    name = "fusee.webforms"
    label = "webforms"
    verbose_name = _("Forms")
    navigation = [NavItem(_("Forms"), "webforms:forms", order=45)]

    def ready(self) -> None:
        from fusee.contacts.privacy import ERASERS
        from fusee.webforms.services import submissions_erase

        ERASERS.append(submissions_erase)
