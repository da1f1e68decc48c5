from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from fusee.core.models import Role, Team, User, Workspace


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role", "team", "job_title", "country", "manager", "is_active"]


class UserCreateForm(UserForm):
    password = forms.CharField(
        label=_("Initial password"), widget=forms.PasswordInput, validators=[validate_password]
    )

    class Meta(UserForm.Meta):
        fields = ["email", "full_name", "role", "team", "job_title", "country", "manager"]


class WorkspaceForm(forms.ModelForm):
    class Meta:
        model = Workspace
        fields = [
            "name", "website", "country", "time_zone", "default_language", "postal_address",
            "brand_color",
        ]
        widgets = {"brand_color": forms.TextInput(attrs={"type": "color"})}


class TeamFilterForm(forms.Form):
    role = forms.ChoiceField(choices=[("", _("All roles")), *Role.choices], required=False)
    team = forms.ChoiceField(choices=[("", _("All teams")), *Team.choices], required=False)


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
