"""The JSON API at /api/v1/. Each app contributes a router; this module mounts them, sets the
authentication every router inherits (API token or session + CSRF) and the one error shape
(``{"code", "message", "field"}``, see errors.py). OpenAPI 3 is at /api/v1/openapi.json and
the docs at /api/v1/docs, served from ninja's bundled static files (no CDN)."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from shequ.accounts import api as accounts_api
from shequ.branches import api as branches_api
from shequ.campaigns import api as campaigns_api
from shequ.circle import api as circle_api
from shequ.core import manifest
from shequ.core.errors import ErrorCode
from shequ.courses import api as courses_api
from shequ.coverage import api as coverage_api
from shequ.deliberation import api as deliberation_api
from shequ.evaluations import api as evaluations_api
from shequ.imports import api as imports_api
from shequ.ledgers import api as ledgers_api
from shequ.members import api as members_api
from shequ.membership import api as membership_api
from shequ.notices import api as notices_api
from shequ.organizations import api as organizations_api
from shequ.patrols import api as patrols_api
from shequ.privacy import api as privacy_api
from shequ.registry import api as registry_api
from shequ.resources import api as resources_api
from shequ.rosters import api as rosters_api
from shequ.services import api as services_api
from shequ.signup import api as signup_api
from shequ.supervision import api as supervision_api
from shequ.talent import api as talent_api
from shequ.territory import api as territory_api
from shequ.volunteers import api as volunteers_api

from . import errors
from .auth import api_auth

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"anyOf": [{"$ref": "#/components/schemas/ErrorCode"}, {"type": "string"}],
                 "description": "stable error code, e.g. not_found (see ErrorCode)"},
        "message": {"type": "string", "description": "translated, for people"},
        "field": {"type": "string", "nullable": True, "description": "input field at fault"},
    },
    "required": ["code", "message", "field"],
}
ERROR_RESPONSES = {
    "400": "Invalid input (the field is named)",
    "401": "Not signed in, or an invalid API token",
    "403": "Not permitted, or CSRF token missing on a session request",
    "404": "Missing, or outside your scope",
}


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text as UTF-8, not \\uXXXX escapes (half the bytes)."""

    json_dumps_params = {"ensure_ascii": False}


class ShequAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Document the shared error shape on every operation."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Error"] = ERROR_SCHEMA
        components["ErrorCode"] = {
            "title": "ErrorCode", "type": "string",
            "description": "The codes the API returns: the shared ones, the API layer's and "
                           "each app's own (its AppErrorCode enum).",
            "enum": sorted({str(c) for enum in (ErrorCode, errors.ApiErrorCode) for c in enum}
                           | set(manifest.error_codes())),
        }
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, text in ERROR_RESPONSES.items():
                    responses.setdefault(status, {"description": text, "content": ref})
        return schema


api = ShequAPI(
    title="Shequ API",
    version="1",
    description=(
        "Community-governance data, limited to the caller's territory scope. Authenticate "
        "with `Authorization: Bearer shq_…` (POST /auth/token) or the web session (unsafe "
        "methods then need the X-CSRFToken header). Errors are "
        '`{"code", "message", "field"}` with a 4xx status. Lists are cursor-paginated: '
        "pass `next_cursor` back as `cursor`."
    ),
    urls_namespace="api",
    auth=api_auth(),
    renderer=Utf8JSONRenderer(),
)
errors.install(api)

api.add_router("/", accounts_api.router)
api.add_router("/", territory_api.router)
api.add_router("/", organizations_api.router)
api.add_router("/", registry_api.router)
api.add_router("/rosters/", rosters_api.router)
api.add_router("/imports/", imports_api.router)
api.add_router("/ledgers/", ledgers_api.router)
api.add_router("/volunteers/", volunteers_api.router)
api.add_router("/members/", members_api.router)
api.add_router("/campaigns/", campaigns_api.router)
api.add_router("/courses/", courses_api.router)
api.add_router("/deliberation/", deliberation_api.router)
api.add_router("/patrols/", patrols_api.router)
api.add_router("/membership/", membership_api.router)
api.add_router("/circle/", circle_api.router)
api.add_router("/services/", services_api.router)
api.add_router("/evaluations/", evaluations_api.router)
api.add_router("/branches/", branches_api.router)
api.add_router("/notices/", notices_api.router)
api.add_router("/supervision/", supervision_api.router)
api.add_router("/privacy/", privacy_api.router)
api.add_router("/coverage/", coverage_api.router)
api.add_router("/signup/", signup_api.router)
api.add_router("/", resources_api.router)
api.add_router("/talent/", talent_api.router)
