from django.urls import path

from fusee.contacts.importing import views

urlpatterns = [
    path("", views.import_list, name="imports"),
]
