from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.RequestList.as_view(), name="request-list"),
    path("mine/", views.MyRequests.as_view(), name="my-requests"),
    path("new/", views.request_new, name="request-new"),
    path("<int:request_id>/", views.request_detail, name="request-detail"),
    path("<int:request_id>/<str:step>/", views.request_step, name="request-step"),
    path("catalogue/", views.ItemList.as_view(), name="item-list"),
    path("catalogue/new/", views.ItemNew.as_view(), name="item-new"),
    path("catalogue/<int:item_id>/", views.ItemEdit.as_view(), name="item-edit"),
    path("catalogue/<int:item_id>/retire/", views.item_retire, name="item-retire"),
    path("authorisations/new/<int:resident_id>/", views.AuthorisationNew.as_view(),
         name="authorisation-new"),
    path("home-round/", views.HomeRound.as_view(), name="home-round"),
    path("visits/new/", views.visit_new, name="visit-new"),
    path("sessions/", views.SessionList.as_view(), name="session-list"),
    path("sessions/new/", views.SessionNew.as_view(), name="session-new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session-detail"),
    path("opinions/", views.OpinionList.as_view(), name="opinion-list"),
    path("opinions/<int:opinion_id>/", views.opinion_detail, name="opinion-detail"),
]
