from django.urls import path

from fusee.webforms import public, views

app_name = "webforms"
urlpatterns = [
    path("", views.form_list, name="forms"),
    path("new/", views.form_new, name="form_new"),
    path("<int:pk>/", views.form_detail, name="form"),
    path("<int:pk>/edit/", views.form_edit, name="form_edit"),
    # Public, no login: the embeddable form and the double opt-in link.
    path("f/<str:slug>/", public.form_page, name="public"),
    path("confirm/<str:token>/", public.confirm, name="confirm"),
]
