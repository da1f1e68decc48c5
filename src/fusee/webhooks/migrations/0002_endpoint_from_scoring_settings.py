"""An install that already had an MQL webhook URL in its scoring settings keeps receiving MQLs,
now through an endpoint (signed, retried) that follows that setting."""

from django.db import migrations

from fusee.webhooks.signing import secret_generate


def endpoint_from_scoring_settings(apps, schema_editor):
    ScoringSettings = apps.get_model("scoring", "ScoringSettings")
    Endpoint = apps.get_model("webhooks", "Endpoint")
    url = ScoringSettings.objects.filter(pk=1).values_list("webhook_url", flat=True).first()
    if url and not Endpoint.objects.filter(source="scoring").exists():
        Endpoint.objects.create(
            url=url, description="MQL webhook (scoring settings)", secret=secret_generate(),
            kinds=["contact.mql"], source="scoring",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0001_initial"),
        ("webhooks", "0001_initial"),
    ]

    operations = [migrations.RunPython(endpoint_from_scoring_settings, migrations.RunPython.noop)]
