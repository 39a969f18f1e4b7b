"""Error codes of the dashboard (stable strings the JSON endpoints return)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class DashboardErrorCode(AppErrorCode):
    PERIOD_OUT_OF_RANGE = "period_out_of_range"
    UNKNOWN_FIGURE = "unknown_figure"
