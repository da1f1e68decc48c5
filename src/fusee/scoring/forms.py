from __future__ import annotations

from django import forms

from fusee.core.forms import BootstrapMixin
from fusee.scoring.models import BehaviourRule, FitRule, LifecycleThreshold, ScoringSettings


class FitRuleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = FitRule
        fields = ["name", "field", "operator", "value", "points", "active"]


class BehaviourRuleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = BehaviourRule
        fields = [
            "name", "event_type", "campaign", "property_key", "property_value", "points",
            "half_life_days", "max_points", "active",
        ]


class ThresholdForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = LifecycleThreshold
        fields = ["stage", "min_score"]


class ScoringSettingsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ScoringSettings
        fields = ["webhook_url"]


RULE_FORMS: dict[str, type[forms.ModelForm]] = {
    "fit": FitRuleForm, "behaviour": BehaviourRuleForm, "threshold": ThresholdForm,
}
