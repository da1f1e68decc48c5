"""Forms of the OKR pages: they check types and presence; the services check the business rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fusee.core.errors import DomainError
from fusee.core.forms import BootstrapMixin
from fusee.core.models import User
from fusee.okrs.metrics import metric_check, metric_choices
from fusee.okrs.models import (
    Confidence,
    Cycle,
    CycleStatus,
    Direction,
    IdeaSource,
    KeyResult,
    KeyResultKind,
    Level,
    Objective,
    OkrTeam,
)
from fusee.segments.models import Segment


def people() -> Any:
    return User.objects.filter(is_active=True).order_by("full_name")


def people_and(user_id: int | None) -> Any:
    """The active people, and whoever owns the thing edited even if they have left."""
    return User.objects.filter(Q(is_active=True) | Q(pk=user_id)).order_by("full_name")


class CycleForm(BootstrapMixin, forms.Form):
    key = forms.CharField(label=_("Quarter"), max_length=16,
                          widget=forms.TextInput(attrs={"placeholder": "2027-Q1", "size": 8,
                                                        "class": "form-control form-control-sm w-auto"}))


class CheckInForm(BootstrapMixin, forms.Form):
    value = forms.FloatField(label=_("New value"), widget=forms.NumberInput(attrs={"step": "any"}))
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices,
                                   initial=Confidence.ON_TRACK)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def __init__(self, *args: Any, key_result: KeyResult, confidence: str = "", **kwargs: Any) -> None:
        confidence = confidence or Confidence.ON_TRACK
        kwargs.setdefault("initial", {"value": key_result.current, "confidence": confidence})
        super().__init__(*args, **kwargs)
        if key_result.kind == KeyResultKind.MILESTONE:
            self.fields["value"].widget = forms.Select(
                choices=[(0, _("Not done")), (1, _("Done"))], attrs={"class": "form-select"})
            self.fields["value"].label = _("Milestone")


class ObjectiveChoiceField(forms.ModelChoiceField):
    """Objectives named with their level or team (and their cycle when several are offered)."""

    def __init__(self, *args: Any, with_cycle: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.with_cycle = with_cycle

    def label_from_instance(self, obj: Objective) -> str:
        whose = Level.COMPANY.label if obj.level == Level.COMPANY else (obj.team or Level.TEAM.label)
        return f"{obj.cycle.key} · {whose} · {obj}" if self.with_cycle else f"{whose} · {obj}"


class ObjectiveForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.TEAM)
    team = forms.ModelChoiceField(label=_("Team"), queryset=OkrTeam.objects.order_by("name"),
                                  required=False)
    new_team = forms.CharField(label=_("…or a new team"), max_length=80, required=False,
                               help_text=_("Created with the objective, e.g. “Acquisition”."))
    parent = ObjectiveChoiceField(label=_("Aligned to"), queryset=Objective.objects.none(), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=people(), required=False)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = (Objective.objects.filter(cycle=cycle, level__in=[Level.COMPANY, Level.TEAM])
                           .select_related("team").order_by("level", "team__name", "position", "pk"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") == Level.PERSON and not data.get("owner"):
            self.add_error("owner", _("A personal objective needs its owner."))
        if data.get("team") and data.get("new_team"):
            self.add_error("new_team", _("Pick a team or name a new one, not both."))
        return data


class ObjectiveEditForm(ObjectiveForm):
    """The planning form without what an objective keeps for life: its level and cycle."""

    def __init__(self, *args: Any, objective: Objective, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "title": objective.title, "description": objective.description, "owner": objective.owner_id,
            "team": objective.team_id, "parent": objective.parent_id,
        })
        super().__init__(*args, cycle=objective.cycle, **kwargs)
        del self.fields["level"], self.fields["new_team"]
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = people_and(objective.owner_id)
        owner.required = objective.level == Level.PERSON
        if objective.level == Level.TEAM:
            self.fields["team"].required = True
        else:
            del self.fields["team"]
        if objective.level == Level.COMPANY:
            del self.fields["parent"]
        else:
            self.narrow_parents(objective)

    def narrow_parents(self, objective: Objective) -> None:
        """A team objective aligns to a company objective; a person's to a company or team one."""
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.required = True
        parent.queryset = parent.queryset.exclude(pk=objective.pk)  # type: ignore[union-attr]
        if objective.level == Level.TEAM:
            parent.queryset = parent.queryset.filter(level=Level.COMPANY)


class KeyResultForm(BootstrapMixin, forms.Form):
    objective = ObjectiveChoiceField(label=_("Objective"), queryset=Objective.objects.none(), with_cycle=True)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=KeyResultKind.choices, initial=KeyResultKind.METRIC)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices,
                                  initial=Direction.INCREASE)
    start = forms.FloatField(label=_("Start"), required=False, initial=0,
                             widget=forms.NumberInput(attrs={"step": "any"}))
    target = forms.FloatField(label=_("Target"), required=False,
                              widget=forms.NumberInput(attrs={"step": "any"}))
    unit = forms.CharField(
        label=_("Unit"), max_length=24, required=False,
        help_text=_("What is counted, e.g. MQLs or €. Percentages use %, milestones none."))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=people(), required=False)
    weight = forms.FloatField(label=_("Weight"), initial=1, min_value=0,
                              widget=forms.NumberInput(attrs={"step": "any"}))
    metric = forms.ChoiceField(label=_("Automatic metric"), required=False,
                               help_text=_("Fusée computes the value every day: no manual check-in needed."))
    segment = forms.ChoiceField(label=_("Segment"), required=False,
                                help_text=_("For “Contacts in a segment”: the segment counted."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [("", _("None: checked in by hand")), *metric_choices()]  # type: ignore[attr-defined]
        segments = Segment.objects.order_by("name").values_list("name", flat=True)
        self.fields["segment"].choices = [("", "—"), *((name, name) for name in segments)]  # type: ignore[attr-defined]
        objective = self.fields["objective"]
        assert isinstance(objective, forms.ModelChoiceField)
        objective.queryset = (Objective.objects.exclude(cycle__status=CycleStatus.CLOSED)
                              .select_related("cycle", "team")
                              .order_by("-cycle__starts_on", "level", "team__name", "position", "pk"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") != KeyResultKind.MILESTONE:
            for name in ("start", "target"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("A metric or percentage needs a start and a target."))
        if data.get("metric"):
            self.clean_metric_binding(data)
        else:
            data["metric_params"] = {}  # a key result back to manual check-ins forgets its segment
        return data

    def clean_metric_binding(self, data: dict[str, Any]) -> None:
        """The metric's parameters present, and its unit when none is given."""
        data["metric_params"] = {"segment": data["segment"]} if data.get("segment") else {}
        try:
            bound = metric_check(key=data["metric"], params=data["metric_params"],
                                 title=data.get("title", ""))
        except DomainError as error:
            self.add_error("metric", str(error))
            return
        if not data.get("unit") and data.get("kind") == KeyResultKind.METRIC:
            data["unit"] = str(bound.unit)

    def service_values(self) -> dict[str, Any]:
        """What key_result_create takes, without the blanks a milestone leaves."""
        data = self.cleaned_data
        names = ("kind", "direction", "start", "target", "unit", "owner", "weight", "metric", "metric_params")
        return {name: data[name] for name in names if data.get(name) is not None}


class KeyResultEditForm(KeyResultForm):
    """The create form over an existing key result, which stays under its objective."""

    def __init__(self, *args: Any, key_result: KeyResult, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "title": key_result.title, "kind": key_result.kind, "direction": key_result.direction,
            "start": key_result.start, "target": key_result.target, "unit": key_result.unit,
            "owner": key_result.owner_id, "weight": key_result.weight, "metric": key_result.metric,
            "segment": key_result.metric_params.get("segment", ""),
        })
        super().__init__(*args, **kwargs)
        del self.fields["objective"]
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = people_and(key_result.owner_id)


class PolicyForm(BootstrapMixin, forms.Form):
    """The focus limits; policy_update refuses a limit an open cycle already goes over."""

    max_objectives = forms.IntegerField(
        label=_("Objectives per team and cycle"), widget=forms.NumberInput(attrs={"min": 1, "max": 10}),
        help_text=_("Also the limit of the company's objectives and of each person's."))
    max_key_results = forms.IntegerField(
        label=_("Key results per objective"), widget=forms.NumberInput(attrs={"min": 1, "max": 10}))


class IdeaForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Idea"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.ChoiceField(label=_("Requested by"), choices=IdeaSource.choices,
                               initial=IdeaSource.OTHER)
    requester = forms.CharField(label=_("Requester's name"), max_length=120, required=False)


class TriageForm(forms.Form):
    """Accept (serve a key result) or park (with a reason), as the pressed button says."""

    ACCEPT, PARK, REOPEN = "accept", "park", "reopen"

    decision = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (PARK, PARK), (REOPEN, REOPEN)])
    key_result = forms.ModelChoiceField(queryset=KeyResult.objects.none(), required=False)
    reason = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        key_result = self.fields["key_result"]
        assert isinstance(key_result, forms.ModelChoiceField)
        key_result.queryset = KeyResult.objects.select_related("objective__cycle").filter(
            ~Q(objective__cycle__status=CycleStatus.CLOSED))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.ACCEPT and not data.get("key_result"):
            self.add_error("key_result", _("Choose the key result this idea serves, or park it."))
        return data


class CloseForm(BootstrapMixin, forms.Form):
    """Lessons, and which unfinished key results go on into a later cycle."""

    lessons = forms.CharField(label=_("Lessons learned"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    carry_over = forms.ModelMultipleChoiceField(
        label=_("Carry over"), queryset=KeyResult.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    into = forms.ModelChoiceField(label=_("Into"), queryset=Cycle.objects.none(), required=False,
                                  empty_label=_("The next quarter (planned if needed)"))

    def __init__(self, *args: Any, cycle: Cycle, unfinished: list[KeyResult], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        carry_over = self.fields["carry_over"]
        into = self.fields["into"]
        assert isinstance(carry_over, forms.ModelMultipleChoiceField)
        assert isinstance(into, forms.ModelChoiceField)
        carry_over.queryset = KeyResult.objects.filter(pk__in=[kr.pk for kr in unfinished])
        into.queryset = (Cycle.objects.filter(starts_on__gt=cycle.starts_on)
                         .exclude(status=CycleStatus.CLOSED).order_by("starts_on"))
