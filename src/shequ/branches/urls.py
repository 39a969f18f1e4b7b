
app_name = "branches"
urlpatterns: list = []
