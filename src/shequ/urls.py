from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("shequ.api.urls")),
    path("open311/v2/", include("shequ.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("territory/", include("shequ.territory.urls")),
    path("residents/", include("shequ.registry.urls")),
    path("organizations/", include("shequ.organizations.urls")),
    path("accounts/", include("shequ.accounts.urls")),
    path("rosters/", include("shequ.rosters.urls")),
    path("cases/", include("shequ.ledgers.urls")),
    path("volunteers/", include("shequ.volunteers.urls")),
    path("members/", include("shequ.members.urls")),
    path("campaigns/", include("shequ.campaigns.urls")),
    path("courses/", include("shequ.courses.urls")),
    path("", include("shequ.web.urls")),
]

handler404 = "shequ.api.errors.page_not_found"
handler500 = "shequ.api.errors.server_error"
