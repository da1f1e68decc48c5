from django.urls import path

from fusee.nurturing import views

app_name = "nurturing"
urlpatterns = [
    path("", views.sequence_list, name="sequences"),
    path("sequences/<int:pk>/", views.sequence_detail, name="sequence"),
    path("emails/", views.email_list, name="emails"),
    path("emails/new/", views.email_new, name="email_new"),
    path("emails/<int:pk>/", views.email_detail, name="email"),
    path("emails/<int:pk>/preview/", views.email_preview, name="email_preview"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<str:key>/", views.outbox_message, name="outbox_message"),
]
