from django.urls import path

from fusee.scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.rule_list, name="rules"),
    path("recompute/", views.recompute, name="recompute"),
    path("settings/", views.settings_update, name="settings"),
    path("contacts/<int:pk>/", views.contact_breakdown, name="breakdown"),
    path("<slug:kind>/new/", views.rule_new, name="rule_new"),
    path("<slug:kind>/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("<slug:kind>/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
]
