"""The emails a visitor gets: the double opt-in link, then the gated content's download link."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fusee.webforms.models import Submission
from fusee.webforms.protection import CONFIRM_MAX_AGE, confirm_token


def confirm_url(submission: Submission) -> str:
    return settings.FUSEE_BASE_URL + reverse("webforms:confirm", args=[confirm_token(submission.pk)])


def link_lifetime_text() -> str:
    """How long a confirmation link works: in the email, and on the page of an expired link."""
    days = CONFIRM_MAX_AGE.days
    return ngettext("The link works for %(days)d day.", "The link works for %(days)d days.", days) % {
        "days": days}


def confirmation_send(*, submission: Submission) -> None:
    form = submission.form
    with translation.override(submission.language or form.language):
        subject = _("Please confirm: %(form)s") % {"form": form.name}
        body = "\n\n".join([
            _("Hello,"),
            _("Someone, hopefully you, gave this address on our form “%(form)s”.") % {"form": form.name},
            _("Click this link to confirm:") + "\n" + confirm_url(submission),
            link_lifetime_text() + " "
            + _("If you did not ask for this, ignore this email: we will not write to you."),
        ])
    send_mail(subject, body, None, [submission.email])


def download_send(*, submission: Submission) -> None:
    form = submission.form
    with translation.override(submission.language or form.language):
        subject = _("Your download: %(form)s") % {"form": form.name}
        body = "\n\n".join([
            _("Hello,"),
            _("Thank you for confirming. Here is your download:") + "\n" + form.download_url,
        ])
    send_mail(subject, body, None, [submission.email])
