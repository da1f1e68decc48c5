from django.urls import path

from fusee.nurturing import authoring_views, report_views, views

app_name = "nurturing"
urlpatterns = [
    path("", views.sequence_list, name="sequences"),
    path("sequences/<int:pk>/", views.sequence_detail, name="sequence"),
    path("sequences/new/", authoring_views.sequence_new, name="sequence_new"),
    path("sequences/<int:pk>/settings/", authoring_views.sequence_settings, name="sequence_settings"),
    path("sequences/<int:pk>/status/<slug:action>/", authoring_views.sequence_status, name="sequence_status"),
    path("sequences/<int:pk>/enrol/", authoring_views.sequence_enrol, name="sequence_enrol"),
    path("sequences/<int:pk>/draft/", authoring_views.sequence_draft, name="sequence_draft"),
    path("sequences/<int:pk>/draft/steps/", authoring_views.draft_step_add, name="draft_step_add"),
    path("sequences/<int:pk>/draft/steps/<slug:key>/", authoring_views.draft_step, name="draft_step"),
    path("sequences/<int:pk>/draft/steps/<slug:key>/delete/", authoring_views.draft_step_delete,
         name="draft_step_delete"),
    path("sequences/<int:pk>/draft/steps/<slug:key>/move/", authoring_views.draft_step_move,
         name="draft_step_move"),
    path("sequences/<int:pk>/draft/publish/", authoring_views.draft_publish, name="draft_publish"),
    path("sequences/<int:pk>/draft/discard/", authoring_views.draft_discard, name="draft_discard"),
    path("sequences/<int:pk>/report/", report_views.sequence_report, name="sequence_report"),
    path(
        "sequences/<int:pk>/report/versions/<int:number>/splits/<slug:step_key>/winner/",
        report_views.split_winner,
        name="split_winner",
    ),
    path("emails/", views.email_list, name="emails"),
    path("emails/new/", views.email_new, name="email_new"),
    path("emails/<int:pk>/", views.email_detail, name="email"),
    path("emails/<int:pk>/preview/", views.email_preview, name="email_preview"),
    path("emails/<int:pk>/test-send/", views.email_test_send, name="email_test_send"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<str:key>/", views.outbox_message, name="outbox_message"),
]
