from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fusee.core.navigation import NavItem


class SegmentsConfig(AppConfig):
    name = "fusee.segments"
    label = "segments"
    verbose_name = _("Segments")
    navigation = [NavItem(_("Segments"), "segments:list", order=20)]
