"""Reads of webforms."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from fusee.webforms.models import Form, Submission, SubmissionStatus

SUBMISSIONS_SHOWN = 200


def form_list() -> QuerySet[Form]:
    def counted(status: SubmissionStatus) -> Count:
        return Count("submissions", filter=Q(submissions__status=status))

    return Form.objects.annotate(
        pending=counted(SubmissionStatus.PENDING),
        confirmed=counted(SubmissionStatus.CONFIRMED),
        spam=counted(SubmissionStatus.SPAM),
    )


def form_submissions(form: Form) -> QuerySet[Submission]:
    return form.submissions.select_related("contact")[:SUBMISSIONS_SHOWN]
