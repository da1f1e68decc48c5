"""The report page's inputs: the segments to break down by, the winner a marketer picks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fusee.core.forms import BootstrapMixin
from fusee.nurturing.abtest import METRICS
from fusee.nurturing.models import Step
from fusee.segments.models import Segment

MAX_SEGMENTS = 5  # each segment is evaluated live: a few queries each


class ReportSegmentsForm(BootstrapMixin, forms.Form):
    segments = forms.ModelMultipleChoiceField(
        label=_("Segments"), queryset=Segment.objects.order_by("name"), required=False,
        help_text=_("Up to %(count)s saved segments, evaluated as they are today.") % {"count": MAX_SEGMENTS},
    )

    def clean_segments(self) -> QuerySet[Segment]:
        chosen = self.cleaned_data["segments"]
        if len(chosen) > MAX_SEGMENTS:
            raise forms.ValidationError(
                _("Pick at most %(count)s segments."), params={"count": MAX_SEGMENTS}, code="too_many"
            )
        return chosen


class SplitWinnerForm(BootstrapMixin, forms.Form):
    winner = forms.ChoiceField(label=_("Winner"))
    metric = forms.ChoiceField(
        label=_("Judged on"), choices=[(METRICS[0], _("clicks")), (METRICS[1], _("opens"))],
        initial=METRICS[0],
    )

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [str(variant["name"]) for variant in step.config.get("variants", [])]
        self.fields["winner"].choices = [(name, name) for name in names]  # type: ignore[attr-defined]
