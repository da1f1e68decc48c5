"""Django's SMTP backend for notifications, reading FUSEE_SMTP_URL's options as the nurturing sender does."""

from __future__ import annotations

import ssl

from django.conf import settings
from django.core.mail.backends import smtp
from django.utils.functional import cached_property


class EmailBackend(smtp.EmailBackend):
    """Honours ?verify=0 (a test server's self-signed certificate), which Django has no setting for."""

    @cached_property
    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not settings.FUSEE_SMTP_VERIFY_CERTIFICATE:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context
