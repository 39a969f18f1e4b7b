from django.urls import path

from .views import bookings, pairing, resources

app_name = "resources"
urlpatterns = [
    path("", resources.ResourceList.as_view(), name="resource-list"),
    path("new/", resources.ResourceNew.as_view(), name="resource-new"),
    path("<int:resource_id>/", resources.resource_detail, name="resource-detail"),
    path("<int:resource_id>/edit/", resources.ResourceEdit.as_view(), name="resource-edit"),
    path("<int:resource_id>/hours/", resources.hours_set, name="hours-set"),
    path("<int:resource_id>/agreements/", resources.agreement_add, name="agreement-add"),
    path("<int:resource_id>/photos/", resources.photo_add, name="photo-add"),
    path("<int:resource_id>/retire/", resources.resource_retire, name="resource-retire"),
    path("<int:resource_id>/files/<str:token>/", resources.stored_file, name="file"),
    path("<int:resource_id>/book/", bookings.book, name="book"),
    path("members/", resources.MemberList.as_view(), name="member-list"),
    path("members/new/", resources.MemberNew.as_view(), name="member-new"),
    path("free/", bookings.free, name="free"),
    path("utilisation/", bookings.utilisation, name="utilisation"),
    path("bookings/", bookings.MyBookings.as_view(), name="my-bookings"),
    path("bookings/requests/", bookings.Inbox.as_view(), name="inbox"),
    path("bookings/<int:booking_id>/", bookings.booking_detail, name="booking-detail"),
    path("bookings/<int:booking_id>/propose/", bookings.booking_propose, name="booking-propose"),
    path("bookings/<int:booking_id>/<str:verb>/", bookings.booking_act, name="booking-act"),
    path("check-in/<str:token>/", bookings.check_in, name="check-in"),
    path("pairings/", pairing.PairingList.as_view(), name="pairing-list"),
    path("pairings/new/", pairing.PairingNew.as_view(), name="pairing-new"),
    path("pairings/<int:pairing_id>/", pairing.pairing_detail, name="pairing-detail"),
    path("pairings/<int:pairing_id>/exchanges/", pairing.ExchangeNew.as_view(),
         name="exchange-new"),
]
