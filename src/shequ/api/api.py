"""The JSON API at /api/v1/. Each app contributes a router; this module mounts them."""

from ninja import NinjaAPI

api = NinjaAPI(title="Shequ API", version="1", urls_namespace="api")

api.add_router("/", "shequ.accounts.api.router")
api.add_router("/", "shequ.territory.api.router")
api.add_router("/", "shequ.organizations.api.router")
api.add_router("/", "shequ.registry.api.router")
api.add_router("/rosters/", "shequ.rosters.api.router")
api.add_router("/ledgers/", "shequ.ledgers.api.router")
api.add_router("/volunteers/", "shequ.volunteers.api.router")
api.add_router("/members/", "shequ.members.api.router")
api.add_router("/campaigns/", "shequ.campaigns.api.router")
api.add_router("/courses/", "shequ.courses.api.router")
