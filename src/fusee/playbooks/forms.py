"""Forms of the playbooks pages: they check types and presence; the services check the business rules."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import holidays
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fusee.core.countries import country_names
from fusee.core.forms import BootstrapMixin
from fusee.core.models import User
from fusee.playbooks.models import Playbook, PlaybookVersion, Task, TaskStatus

DEFAULT_MILESTONE_TIME = time(11, 0)


def people(also: int | None = None) -> QuerySet[User]:
    """The active people, and whoever holds the thing edited even if they have left."""
    return User.objects.filter(Q(is_active=True) | Q(pk=also)).order_by("full_name")


@cache
def zone_names() -> list[str]:
    return sorted(available_timezones())


def country_choices() -> list[tuple[str, str]]:
    """The countries whose public holidays Fusée knows, named in the reader's language."""
    supported = {code for code in holidays.list_supported_countries() if len(code) == 2}
    return [(code, name) for code, name in country_names() if code in supported]


class PlaybookSourceForm(forms.Form):
    source = forms.CharField(
        label=_("Playbook (YAML)"), strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "class": "form-control font-monospace pb-source",
                                     "spellcheck": "false", "autocapitalize": "off"}),
    )


class MilestoneFields(BootstrapMixin, forms.Form):
    """A milestone typed as a local date and time in a time zone; `earliest` is the proposed one,
    sent by the “use it” button, which wins over what was typed."""

    milestone_date = forms.DateField(label=_("Milestone date"),
                                     widget=forms.DateInput(attrs={"type": "date"}))
    milestone_time = forms.TimeField(label=_("Time"), initial=DEFAULT_MILESTONE_TIME,
                                     widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    force = forms.BooleanField(label=_("Plan anyway: squeeze the steps into the time left"), required=False)
    earliest = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def zone(self) -> ZoneInfo:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        zone = self.zone()
        if data.get("earliest"):
            data["milestone_at"] = data["earliest"].astimezone(zone)
        elif data.get("milestone_date") and data.get("milestone_time"):
            data["milestone_at"] = local_moment(data["milestone_date"], data["milestone_time"], zone)
        return data


def local_moment(day: date, moment: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, moment).replace(tzinfo=zone)


class RunPlanForm(MilestoneFields):
    """Plan a run of one playbook: the milestone, where it happens, and a person for each role."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False,
                           help_text=_("Left empty: the playbook's name and the milestone's date."))
    time_zone = forms.ChoiceField(label=_("Time zone"))
    country = forms.ChoiceField(label=_("Country"), help_text=_("Its public holidays are not working days."))

    field_order = ["name", "milestone_date", "milestone_time", "time_zone", "country"]

    def __init__(self, *args: Any, version: PlaybookVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        zone_field = self.fields["time_zone"]
        assert isinstance(zone_field, forms.ChoiceField)
        zone_field.choices = [(name, name) for name in zone_names()]
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ChoiceField)
        country_field.choices = country_choices()
        milestone_time = version.document.get("milestone_time")
        if milestone_time:
            self.fields["milestone_time"].initial = time.fromisoformat(milestone_time)
        for role in version.roles:
            self.fields[self.role_field(role["key"])] = forms.ModelChoiceField(
                label=role["name"], queryset=people(), required=False, help_text=role.get("description", ""),
                widget=forms.Select(attrs={"class": "form-select"}), empty_label=_("Nobody yet"))

    @staticmethod
    def role_field(key: str) -> str:
        return f"role_{key}"

    def role_fields(self) -> list[forms.BoundField]:
        return [self[self.role_field(role["key"])] for role in self.version.roles]

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.cleaned_data["time_zone"])

    def people(self) -> dict[str, User]:
        chosen = {role["key"]: self.cleaned_data.get(self.role_field(role["key"]))
                  for role in self.version.roles}
        return {key: person for key, person in chosen.items() if person is not None}


class PlaybookChoiceForm(BootstrapMixin, forms.Form):
    """Which playbook to plan: its roles decide the rest of the plan form."""

    playbook = forms.ModelChoiceField(
        label=_("Playbook"),
        queryset=Playbook.objects.filter(archived=False, versions__isnull=False).distinct(),
        to_field_name="slug", widget=forms.Select(attrs={"data-autosubmit": ""}))


class MilestoneMoveForm(MilestoneFields):
    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class TaskStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices)
    override_reason = forms.CharField(label=_("Reason to close it with unticked items"), required=False,
                                      max_length=2000)


class TickForm(forms.Form):
    index = forms.IntegerField(min_value=0)
    done = forms.BooleanField(required=False)


class AssignForm(BootstrapMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=User.objects.none(), required=False,
                                      empty_label=_("Nobody"))

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"assignee": task.assignee_id})
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people(task.assignee_id)


class CommentForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
