from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class WebhooksConfig(AppConfig):
    name = "fusee.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")
    navigation = [NavItem(_("Webhooks"), "webhooks:endpoints", order=97, admin_only=True)]
