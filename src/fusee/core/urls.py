from django.contrib.auth import views as auth_views
from django.urls import path

from fusee.core import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("language/", views.switch_language, name="set_language"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.token_new, name="token_new"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("team/", views.team, name="team"),
    path("team/new/", views.team_new, name="team_new"),
    path("team/<int:pk>/", views.team_edit, name="team_edit"),
    path("settings/", views.workspace, name="workspace"),
    path("audit/", views.audit, name="audit"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("healthz", views.healthz, name="healthz"),
]
