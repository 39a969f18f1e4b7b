"""Text limits on the roster API: refused with the error shape, never stored cut or long."""

from shequ.rosters.models import ExportJob


def test_an_export_reason_past_its_limit_is_refused(api, tree):
    """POST /api/v1/rosters/exports with a 301-character reason → 400 too_long, no job."""
    # when
    response = api.post("/api/v1/rosters/exports",
                        {"scope": tree.community.code, "reveal": True, "reason": "因" * 301},
                        content_type="application/json")
    # then
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("too_long", "reason")
    assert not ExportJob.objects.exists()
