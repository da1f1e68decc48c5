"""One form per kind of step, for the draft editor: each turns its fields into the step's
`config` (the shapes engine.py reads), its email and the step that follows."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from fusee.contacts.models import Lifecycle, Maturity
from fusee.core.errors import DomainError
from fusee.core.forms import BootstrapMixin
from fusee.nurturing.abtest import DEFAULT_CONFIDENCE
from fusee.nurturing.forms import CODE_AREA
from fusee.nurturing.models import Email, Step, StepKind

END = ("", _("End of the sequence"))
VARIANT_ROWS = 4


class StepForm(BootstrapMixin, forms.Form):
    """The step that follows (`then`), and what each kind adds. `targets`: (key, label) of the
    draft's steps."""

    then = forms.ChoiceField(label=_("Then"), required=False)
    pointer_fields: ClassVar[tuple[str, ...]] = ("then",)
    follows: ClassVar[bool] = True  # branches and splits choose their ways out instead

    def __init__(self, data: Any = None, *, step: Step, targets: list[tuple[str, str]]) -> None:
        super().__init__(data, initial=self.initial_of(step))
        self.step = step
        if not self.follows:
            del self.fields["then"]
        choices = [END, *((key, label) for key, label in targets if key != step.key)]
        for name in self.pointer_fields:
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def initial_of(self, step: Step) -> dict[str, Any]:
        return {"then": step.next_key, **step.config}

    def config(self) -> dict[str, Any]:
        return {}

    def email(self) -> Email | None:
        return None

    def following(self) -> str:
        """The key of the step that follows; "" for the end (and for branches and splits)."""
        return str(self.cleaned_data.get("then", ""))


class SendStepForm(StepForm):
    email_sent = forms.ModelChoiceField(label=_("Email"), queryset=Email.objects.order_by("name"))

    def initial_of(self, step: Step) -> dict[str, Any]:
        return super().initial_of(step) | {"email_sent": step.email_id}

    def email(self) -> Email | None:
        return self.cleaned_data["email_sent"]


class WaitStepForm(StepForm):
    mode = forms.ChoiceField(
        label=_("Wait"), choices=[("delay", _("For a while")), ("weekday", _("Until a day of the week"))]
    )
    days = forms.IntegerField(label=_("Days"), min_value=0, required=False)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, required=False)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, required=False)
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=[(str(day + 1), name) for day, name in WEEKDAYS.items()], coerce=int,
        required=False,
    )
    at = forms.TimeField(
        label=_("At"), required=False, help_text=_("In the contact's time zone."),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )

    def initial_of(self, step: Step) -> dict[str, Any]:
        return super().initial_of(step) | {"mode": "weekday" if "weekday" in step.config else "delay"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == "weekday" and not data.get("weekday"):
            self.add_error("weekday", _("Choose the day."))
        amounts = [data.get(unit) or 0 for unit in ("days", "hours", "minutes")]
        if data.get("mode") == "delay" and not self.errors and sum(amounts) == 0:
            self.add_error("days", _("Wait at least a minute."))
        return data

    def config(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data["mode"] == "weekday":
            return {"weekday": data["weekday"], "at": data["at"].strftime("%H:%M") if data["at"] else "09:00"}
        return {unit: data[unit] for unit in ("days", "hours", "minutes") if data.get(unit)}


class BranchStepForm(StepForm):
    expression = forms.CharField(
        label=_("Condition"), widget=forms.Textarea(attrs=CODE_AREA),
        help_text=_('The segment language, checked on the contact, e.g. score >= 50 and country = "FR".'),
    )
    yes = forms.ChoiceField(label=_("If it holds, go to"), required=False)
    no = forms.ChoiceField(label=_("Otherwise, go to"), required=False)
    pointer_fields = ("yes", "no")
    follows = False

    def clean_expression(self) -> str:
        from fusee.segments.language import compile_expression

        expression = self.cleaned_data["expression"].strip()
        try:
            compile_expression(expression)
        except DomainError as error:
            raise forms.ValidationError(str(error)) from None
        return expression

    def config(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in ("expression", "yes", "no")}


UPDATES = [
    (_("Lifecycle stage"), [(f"lifecycle={value}", label) for value, label in Lifecycle.choices]),
    (_("Maturity"), [(f"maturity={value}", label) for value, label in Maturity.choices]),
]


class UpdateStepForm(StepForm):
    change = forms.ChoiceField(label=_("Set"), choices=UPDATES)

    def initial_of(self, step: Step) -> dict[str, Any]:
        return super().initial_of(step) | {"change": f"{step.config.get('field')}={step.config.get('value')}"}

    def config(self) -> dict[str, Any]:
        field, value = self.cleaned_data["change"].split("=", 1)
        return {"field": field, "value": value}


class NotifyStepForm(StepForm):
    message = forms.CharField(
        label=_("Message to the contact's owner"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def config(self) -> dict[str, Any]:
        return {"message": self.cleaned_data["message"].strip()}


class GoalStepForm(StepForm):
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False,
        help_text=_("Contacts leave every sequence once they become SQL, opportunity or customer."),
    )

    def config(self) -> dict[str, Any]:
        description = self.cleaned_data["description"].strip()
        return {"description": description} if description else {}


class SplitStepBase(StepForm):
    """Up to VARIANT_ROWS variants (name_N, weight_N, next_N; a row without a name is left out),
    and the optional rule that picks a winner by itself."""

    pointer_fields = tuple(f"next_{row}" for row in range(1, VARIANT_ROWS + 1))
    follows = False

    auto = forms.BooleanField(label=_("Pick the winner automatically"), required=False)
    after_hours = forms.IntegerField(label=_("After (hours)"), min_value=1, required=False, initial=72)
    metric = forms.ChoiceField(
        label=_("On"), choices=[("clicked", _("clicks")), ("opened", _("opens"))], initial="clicked"
    )
    confidence = forms.TypedChoiceField(
        label=_("Confidence"), coerce=float, initial=str(DEFAULT_CONFIDENCE),
        choices=[("0.9", "90 %"), ("0.95", "95 %"), ("0.99", "99 %")],
    )

    def initial_of(self, step: Step) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for row, variant in enumerate(step.config.get("variants", []), start=1):
            initial |= {f"name_{row}": variant.get("name"), f"weight_{row}": variant.get("weight"),
                        f"next_{row}": variant.get("next")}
        rule = step.config.get("auto_winner") or {}
        return initial | {"auto": bool(rule), **{key: rule[key] for key in rule if key != "auto"}}

    def variant_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [(self[f"name_{row}"], self[f"weight_{row}"], self[f"next_{row}"])
                for row in range(1, VARIANT_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = [str(data.get(f"name_{row}") or "").strip() for row in range(1, VARIANT_ROWS + 1)]
        for row, name in enumerate(names, start=1):
            if name and not data.get(f"weight_{row}") and f"weight_{row}" not in self.errors:
                self.add_error(f"weight_{row}", _("Give the variant a weight."))
            if name and names.count(name) > 1:
                self.add_error(f"name_{row}", _("Each variant needs its own name."))
        if len([name for name in names if name]) < 2:
            self.add_error(None, _("An A/B split needs two variants or more."))
        return data

    def config(self) -> dict[str, Any]:
        data = self.cleaned_data
        numbers = range(1, VARIANT_ROWS + 1)
        rows = [(data[f"name_{n}"].strip(), data[f"weight_{n}"], data[f"next_{n}"]) for n in numbers]
        variants = [{"name": name, "weight": weight, "next": key} for name, weight, key in rows if name]
        config: dict[str, Any] = {"variants": variants}
        if data["auto"]:
            config["auto_winner"] = {"after_hours": data["after_hours"] or 72, "metric": data["metric"],
                                     "confidence": data["confidence"]}
        return config


def labelled(widget: type[forms.Widget], label: Any, row: int) -> forms.Widget:
    """The variant rows are a table: each input says which row and column it is in."""
    return widget(attrs={"aria-label": f"{label} ({row})"})


def variant_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for n in range(1, VARIANT_ROWS + 1):
        fields[f"name_{n}"] = forms.CharField(
            label=_("Variant"), max_length=10, required=False, widget=labelled(forms.TextInput, _("Name"), n)
        )
        fields[f"weight_{n}"] = forms.IntegerField(
            label=_("Weight"), min_value=1, required=False, widget=labelled(forms.NumberInput, _("Weight"), n)
        )
        fields[f"next_{n}"] = forms.ChoiceField(
            label=_("Go to"), required=False, widget=labelled(forms.Select, _("Go to"), n)
        )
    return fields


SplitStepForm = type("SplitStepForm", (SplitStepBase,), {"__module__": __name__, **variant_fields()})

FORMS: dict[str, type[StepForm]] = {
    StepKind.SEND: SendStepForm,
    StepKind.WAIT: WaitStepForm,
    StepKind.BRANCH: BranchStepForm,
    StepKind.UPDATE: UpdateStepForm,
    StepKind.NOTIFY: NotifyStepForm,
    StepKind.SPLIT: SplitStepForm,
    StepKind.GOAL: GoalStepForm,
}


def step_form(step: Step, targets: list[tuple[str, str]], data: Any = None) -> StepForm:
    return FORMS[step.kind](data, step=step, targets=targets)
