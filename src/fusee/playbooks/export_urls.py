"""The export and calendar paths, included by playbooks/urls.py under its `playbooks:` namespace:

    path("", include("fusee.playbooks.export_urls")),

/playbooks/feed/<token>.ics needs no login (a signed token); the others do.
"""

from django.urls import path

from fusee.playbooks import export_views

urlpatterns = [
    path("runs/<int:pk>/calendar.ics", export_views.run_calendar, name="run_calendar"),
    path("runs/<int:pk>/export.csv", export_views.run_export_csv, name="run_export_csv"),
    path("runs/<int:pk>/export.xlsx", export_views.run_export_xlsx, name="run_export_xlsx"),
    path("feed/reset/", export_views.feed_reset, name="feed_reset"),
    path("feed/<str:token>.ics", export_views.person_feed, name="feed"),
]
