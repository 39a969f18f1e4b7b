from django.urls import include, path, re_path

from shequ.api.errors import api_not_found

urlpatterns = [
    path("api/v1/", include("shequ.api.urls")),
    path("open311/v2/", include("shequ.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("territory/", include("shequ.territory.urls")),
    path("residents/", include("shequ.registry.urls")),
    path("organizations/", include("shequ.organizations.urls")),
    path("accounts/", include("shequ.accounts.urls")),
    path("rosters/", include("shequ.rosters.urls")),
    path("setup/imports/", include("shequ.imports.urls")),
    path("cases/", include("shequ.ledgers.urls")),
    path("volunteers/", include("shequ.volunteers.urls")),
    path("members/", include("shequ.members.urls")),
    path("campaigns/", include("shequ.campaigns.urls")),
    path("courses/", include("shequ.courses.urls")),
    path("branch/", include("shequ.membership.urls")),
    path("dashboard/", include("shequ.dashboard.urls")),
    path("patrols/", include("shequ.patrols.urls")),
    path("deliberation/", include("shequ.deliberation.urls")),
    path("evaluations/", include("shequ.evaluations.urls")),
    path("branches/", include("shequ.branches.urls")),
    path("resources/", include("shequ.resources.urls")),
    path("talent/", include("shequ.talent.urls")),
    path("circle/", include("shequ.circle.urls")),
    path("services/", include("shequ.services.urls")),
    path("notices/", include("shequ.notices.urls")),
    path("supervision/", include("shequ.supervision.urls")),
    path("privacy/", include("shequ.privacy.urls")),
    path("coverage/", include("shequ.coverage.urls")),
    path("signup/", include("shequ.signup.urls")),
    # Any other version or path under these prefixes is a JSON 404, DEBUG or not.
    re_path(r"^(api|open311)/", api_not_found),
    path("", include("shequ.web.urls")),
]

handler400 = "shequ.api.errors.bad_request"
handler403 = "shequ.api.errors.permission_denied_page"
handler404 = "shequ.api.errors.page_not_found"
handler500 = "shequ.api.errors.server_error"
