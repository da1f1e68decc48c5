from django.urls import include, path

from fusee.api import api

urlpatterns = [
    path("", include("fusee.core.urls")),
    path("api/", api.urls),
]
