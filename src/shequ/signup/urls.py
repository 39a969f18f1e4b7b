from django.urls import path

from . import views
from .invitation_views import InvitationList, InvitationRevoke

app_name = "signup"
urlpatterns = [
    path("", views.start, name="start"),
    path("verify/", views.verify, name="verify"),
    path("i/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("invitations/", InvitationList.as_view(), name="invitation-list"),
    path("invitations/<int:invitation_id>/revoke/", InvitationRevoke.as_view(),
         name="invitation-revoke"),
    path("residents/<int:resident_id>/", views.resident_account, name="resident-account"),
    path("residents/<int:resident_id>/invite/", views.invitation_issue, name="invite"),
    path("residents/<int:resident_id>/unlink/", views.resident_unlink, name="unlink"),
]
