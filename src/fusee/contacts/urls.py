from django.urls import include, path

from fusee.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("import/", include("fusee.contacts.importing.urls")),
]
