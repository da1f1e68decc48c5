from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class NurturingConfig(AppConfig):
    name = "fusee.nurturing"
    label = "nurturing"
    verbose_name = _("Nurturing")
    navigation = [NavItem(_("Nurturing"), "nurturing:sequences", order=40)]

    def ready(self) -> None:
        from anymail.signals import tracking

        import fusee.nurturing.bounces.tasks  # noqa: F401  (registers the bounce mailbox job)
        from fusee.nurturing.provider_events import tracking_received

        tracking.connect(tracking_received, dispatch_uid="fusee.nurturing.provider_events")
