from django.urls import path

from fusee.okrs import views

app_name = "okrs"

urlpatterns = [
    path("", views.board, name="board"),
    path("ideas/", views.ideas, name="ideas"),
]
