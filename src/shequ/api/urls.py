from django.http import JsonResponse
from django.urls import path


def _placeholder(request):
    return JsonResponse({"code": "not_found", "message": "Not found.", "field": None}, status=404)


urlpatterns = [path("", _placeholder)]
