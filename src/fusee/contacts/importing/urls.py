from django.urls import path

from fusee.contacts.importing import views

urlpatterns = [
    path("", views.import_list, name="imports"),
    path("new/", views.import_new, name="import_new"),
    path("<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/rejected.csv", views.import_rejected, name="import_rejected"),
]
