from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class ContactsConfig(AppConfig):
    name = "fusee.contacts"
    label = "contacts"
    verbose_name = _("Contacts")
    navigation = [
        NavItem(_("Contacts"), "contacts:list", order=10),
        NavItem(_("Imports"), "contacts:imports", order=11),
    ]
