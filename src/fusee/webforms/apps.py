from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebformsConfig(AppConfig):
    name = "fusee.webforms"
    label = "webforms"
    verbose_name = _("Forms")
