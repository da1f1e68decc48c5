"""The Celery application, used only when FUSEE_BROKER_URL is set.

Workers on any number of machines run `fusee worker`; each job is one Celery message
carrying the id of a Job row, so the database stays the record of what ran.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fusee.config.settings.production")

app = Celery("fusee")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["fusee.core.jobs"], related_name="celery_tasks")
