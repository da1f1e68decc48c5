from django.urls import path

from fusee.scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.rule_list, name="rules"),
]
