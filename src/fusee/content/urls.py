from django.urls import path

from fusee.content import views

app_name = "content"
urlpatterns = [
    path("", views.recycling_list, name="recyclings"),
    path("new/", views.recycling_new, name="recycling_new"),
    path("<int:pk>/", views.recycling_detail, name="recycling_detail"),
    path("<int:pk>/regenerate/", views.recycling_regenerate, name="recycling_regenerate"),
    path("<int:pk>/pack.zip", views.recycling_zip, name="recycling_zip"),
    path("<int:pk>/files/<path:name>", views.recycling_file, name="recycling_file"),
    path("assets/<int:pk>/", views.asset_detail, name="asset_detail"),
    path("assets/<int:pk>/use-generated/", views.asset_use_generated, name="asset_use_generated"),
    path("<int:pk>/clips/", views.clip_review, name="clip_review"),
    path("<int:pk>/clips/cut/", views.clips_cut, name="clips_cut"),
    path("clips/<int:pk>/status/", views.clip_status, name="clip_status"),
    path("clips/<int:pk>/trim/", views.clip_trim, name="clip_trim"),
]
