from django.urls import path, re_path

from .api import api
from .errors import api_not_found

urlpatterns = [
    path("", api.urls),
    # Anything else under /api/v1/ is a JSON 404, with DEBUG on or off.
    re_path(r"^.*$", api_not_found, name="api-not-found"),
]
