"""Scoped ledger reads."""

from .alerts import WarningFilters, warning_get_for_actor, warning_list
from .cases import (
    CaseFilters,
    area_choices_for_filter,
    areas_for_filter,
    assignable_by_grid,
    assignable_workers,
    attachment_get_for_actor,
    case_get_for_actor,
    case_list,
    case_timeline,
    category_get,
    category_list,
    duplicate_candidates,
    intake_building_get,
    intake_buildings,
    intake_grids,
    my_cases,
)
from .config import (
    RuleView,
    categories_for_manager,
    category_get_for_manager,
    holiday_list,
    holiday_years,
    rule_district_get,
    rule_districts,
    rule_setting,
    rule_settings,
    tag_choices,
)
from .locating import building_by_id, building_named, building_near
from .portal import (
    community_of,
    my_report_get,
    my_reports,
    portal_buildings,
    portal_categories,
    portal_communities,
    portal_community_get,
    report_receipt,
    report_status_get,
    report_timeline,
)
from .public import (
    PUBLIC_TEXT_SOURCES,
    public_case_get,
    public_cases,
    public_categories,
    public_category_get,
    public_text,
    published_address,
    published_description,
)
from .reporters import reporter_candidates, reporter_get_for_actor
from .supervision import (
    WeeklySummary,
    case_week,
    communities_for_summary,
    weekly_summary,
)

__all__ = [
    "RuleView", "categories_for_manager", "category_get_for_manager", "community_of",
    "holiday_list", "holiday_years", "my_report_get", "my_reports", "portal_buildings",
    "portal_categories", "portal_communities", "portal_community_get", "report_receipt",
    "report_status_get", "report_timeline", "reporter_candidates", "reporter_get_for_actor",
    "rule_district_get", "rule_districts", "rule_setting", "rule_settings", "tag_choices",
    "CaseFilters", "WarningFilters", "WeeklySummary", "area_choices_for_filter", "areas_for_filter",
    "assignable_by_grid",
    "assignable_workers",
    "building_by_id", "building_named", "building_near",
    "attachment_get_for_actor", "case_get_for_actor", "case_list", "case_timeline",
    "case_week", "category_get", "category_list", "communities_for_summary",
    "duplicate_candidates", "intake_building_get", "intake_buildings",
    "intake_grids", "my_cases", "PUBLIC_TEXT_SOURCES", "public_text", "published_address",
    "published_description", "public_case_get", "public_cases", "public_categories",
    "public_category_get", "warning_get_for_actor", "warning_list", "weekly_summary",
]
