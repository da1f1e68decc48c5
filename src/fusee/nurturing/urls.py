
app_name = "nurturing"

urlpatterns: list = []
