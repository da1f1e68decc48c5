"""The email providers' tracking webhooks from django-anymail, mounted at /anymail/.

Only the tracking ones: inbound mail is not used, so its endpoints are left out. No login
(anymail marks its views so); anymail checks the basic-auth secret FUSEE_ANYMAIL_WEBHOOK_SECRET,
and provider_events ignores every event while it is unset.
"""

from anymail.urls import urlpatterns as anymail_patterns

app_name = "anymail"
urlpatterns = [pattern for pattern in anymail_patterns if str(pattern.name).endswith("_tracking_webhook")]
