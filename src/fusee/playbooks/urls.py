from django.urls import include, path

from fusee.playbooks import views

app_name = "playbooks"

urlpatterns = [
    path("", views.playbook_list, name="list"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("library/load/", views.library_load, name="library_load"),
    path("new/", views.playbook_new, name="playbook_new"),
    path("runs/new/", views.run_new, name="run_new"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/move/", views.run_move, name="run_move"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
    path("tasks/<int:pk>/tick/", views.task_tick, name="task_tick"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("tasks/<int:pk>/comment/", views.task_comment, name="task_comment"),
    path("", include("fusee.playbooks.export_urls")),  # the run's ICS and CSV/XLSX, each person's feed
    # Last, so no playbook key hides the pages above (the keys "new" and "my-tasks" stay unusable).
    path("<slug:slug>/", views.playbook_detail, name="playbook"),
    path("<slug:slug>/edit/", views.playbook_edit, name="playbook_edit"),
    path("<slug:slug>/reviewed/", views.playbook_reviewed, name="playbook_reviewed"),
]
