from django.urls import path

app_name = "nurturing"

urlpatterns: list = []
