from django.urls import path

from fusee.okrs import public, views

app_name = "okrs"

urlpatterns = [
    path("", views.board_view, name="board"),
    path("tree/", views.tree, name="tree"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<str:key>/start/", views.cycle_start, name="cycle_start"),
    path("cycles/<str:key>/close/", views.cycle_close, name="close"),
    path("cycles/<str:key>/onepager/", views.onepager, name="onepager"),
    path("objectives/new/", views.objective_new, name="objective_new"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/delete/", views.objective_delete, name="objective_delete"),
    path("key-results/new/", views.key_result_new, name="key_result_new"),
    path("key-results/<int:pk>/", views.key_result_detail, name="key_result"),
    path("key-results/<int:pk>/edit/", views.key_result_edit, name="key_result_edit"),
    path("key-results/<int:pk>/delete/", views.key_result_delete, name="key_result_delete"),
    path("key-results/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("check-in/<str:token>/", public.checkin_by_link, name="checkin_token"),
    path("ideas/", views.ideas, name="ideas"),
    path("ideas/new/", views.idea_new, name="idea_new"),
    path("ideas/<int:pk>/triage/", views.idea_triage, name="idea_triage"),
    path("settings/", views.okr_settings, name="settings"),
]
