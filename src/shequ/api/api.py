"""The JSON API at /api/v1/. Each app contributes a router; this module mounts them, sets the
authentication every router inherits (API token or session + CSRF) and the one error shape
(``{"code", "message", "field"}``, see errors.py). OpenAPI 3 is at /api/v1/openapi.json and
the docs at /api/v1/docs, served from ninja's bundled static files (no CDN)."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import errors
from .auth import api_auth

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "stable error code, e.g. not_found"},
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
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
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

api.add_router("/", "shequ.accounts.api.router")
api.add_router("/", "shequ.territory.api.router")
api.add_router("/", "shequ.organizations.api.router")
api.add_router("/", "shequ.registry.api.router")
api.add_router("/rosters/", "shequ.rosters.api.router")
api.add_router("/imports/", "shequ.imports.api.router")
api.add_router("/ledgers/", "shequ.ledgers.api.router")
api.add_router("/volunteers/", "shequ.volunteers.api.router")
api.add_router("/members/", "shequ.members.api.router")
api.add_router("/campaigns/", "shequ.campaigns.api.router")
api.add_router("/courses/", "shequ.courses.api.router")
api.add_router("/privacy/", "shequ.privacy.api.router")
api.add_router("/coverage/", "shequ.coverage.api.router")
api.add_router("/signup/", "shequ.signup.api.router")
