from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from fusee.core.models import Role, Team, TokenScope, User, Workspace


class BootstrapMixin:
    """Give every widget Bootstrap's class for its kind, so templates stay plain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            widget.attrs.setdefault("class", css_class(widget))


def css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    if getattr(widget, "input_type", "") == "color":
        return "form-control form-control-color"
    return "form-control"


class UserForm(BootstrapMixin, forms.ModelForm):
    """Edit a person; the email is their login and stays as it is."""

    class Meta:
        model = User
        fields = ["full_name", "role", "team", "job_title", "country", "manager", "is_active"]


class UserCreateForm(UserForm):
    password = forms.CharField(
        label=_("Initial password"), widget=forms.PasswordInput, validators=[validate_password]
    )

    class Meta(UserForm.Meta):
        fields = ["email", "full_name", "role", "team", "job_title", "country", "manager"]


class WorkspaceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Workspace
        fields = [
            "name", "website", "country", "time_zone", "default_language", "postal_address",
            "brand_color",
        ]
        widgets = {"brand_color": forms.TextInput(attrs={"type": "color"})}


class TeamFilterForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False,
        widget=forms.Select(attrs={"aria-label": _("Role")}),
    )
    team = forms.ChoiceField(
        label=_("Team"), choices=[("", _("All teams")), *Team.choices], required=False,
        widget=forms.Select(attrs={"aria-label": _("Team")}),
    )


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices)


class PasswordForm(BootstrapMixin, forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
