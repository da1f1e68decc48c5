from django.urls import include, path

from fusee.contacts import detail, views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("<int:pk>/", detail.contact_detail, name="detail"),
    path("<int:pk>/consent/", detail.contact_consent, name="consent"),
    path("<int:pk>/personal-data/", detail.contact_personal_data, name="personal_data"),
    path("<int:pk>/erase/", detail.contact_erase, name="erase"),
    path("import/", include("fusee.contacts.importing.urls")),
]
