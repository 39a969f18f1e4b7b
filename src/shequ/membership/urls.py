from django.urls import path

from . import post_views, transfer_views, views

app_name = "membership"
urlpatterns = [
    path("dues/", views.BranchList.as_view(), name="branch-list"),
    path("dues/branches/<int:org_id>/", views.branch_dues, name="branch-dues"),
    path("dues/branches/<int:org_id>/payments/", views.payment_new, name="payment-new"),
    path("dues/branches/<int:org_id>/statement/", views.statement_import,
         name="statement-import"),
    path("dues/members/<int:member_id>/", views.member_dues, name="member-dues"),
    path("dues/members/<int:member_id>/income/", views.member_base_reveal,
         name="member-base-reveal"),
    path("dues/mine/", views.my_dues, name="my-dues"),
    path("transfers/", transfer_views.TransferList.as_view(), name="transfer-list"),
    path("transfers/new/<int:member_id>/", transfer_views.TransferNew.as_view(),
         name="transfer-new"),
    path("transfers/<int:transfer_id>/", transfer_views.transfer_detail, name="transfer-detail"),
    path("transfers/<int:transfer_id>/send/", transfer_views.transfer_send, name="transfer-send"),
    path("transfers/<int:transfer_id>/confirm/", transfer_views.transfer_confirm,
         name="transfer-confirm"),
    path("transfers/<int:transfer_id>/return/", transfer_views.transfer_return,
         name="transfer-return"),
    path("posts/", post_views.PostList.as_view(), name="post-list"),
    path("posts/new/", post_views.PostNew.as_view(), name="post-new"),
    path("posts/mine/", post_views.MyPosts.as_view(), name="my-posts"),
]
