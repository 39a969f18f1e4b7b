from django.urls import path

from . import signin_views, views

app_name = "accounts"
urlpatterns = [
    path("users/", views.UserList.as_view(), name="user-list"),
    path("users/new/", views.UserCreate.as_view(), name="user-create"),
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("users/<int:user_id>/edit/", views.UserEdit.as_view(), name="user-edit"),
    path("users/<int:user_id>/grants/", views.grant_add, name="grant-add"),
    path("users/<int:user_id>/grants/<int:grant_id>/remove/", views.grant_remove,
         name="grant-remove"),
    path("users/<int:user_id>/phone/reveal/", views.user_phone_reveal, name="user-phone-reveal"),
    path("users/<int:user_id>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("users/<int:user_id>/reactivate/", views.user_reactivate, name="user-reactivate"),
    path("users/<int:user_id>/password-reset/", views.user_password_reset,
         name="user-password-reset"),
    path("grants/pending/", views.grant_pending_list, name="grant-pending-list"),
    path("grants/<int:grant_id>/approve/", views.grant_approve, name="grant-approve"),
    path("grants/<int:grant_id>/reject/", views.grant_reject, name="grant-reject"),
    path("reset/<str:uidb64>/<str:token>/", signin_views.password_reset_confirm,
         name="password-reset-confirm"),
    path("otp/", signin_views.otp_verify, name="otp-verify"),
    path("me/otp/", signin_views.otp_setup, name="otp-setup"),
    path("me/otp/qr.svg", signin_views.otp_qr, name="otp-qr"),
    path("lockouts/", views.lockout_list, name="lockout-list"),
    path("lockouts/clear/", views.lockout_clear, name="lockout-clear"),
    path("lockouts/second-factor-reset/", views.second_factor_reset,
         name="second-factor-reset"),
    path("me/", views.my_account, name="my-account"),
    path("me/password/", views.my_password, name="my-password"),
    path("me/tokens/<int:token_id>/revoke/", views.my_token_revoke, name="my-token-revoke"),
]
