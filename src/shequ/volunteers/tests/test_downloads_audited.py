"""Every list download of the volunteer screens is an export of personal data: each one
writes an ``export`` audit row naming the member of staff and the file."""

import pytest
from django.urls import reverse

from shequ.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DOWNLOADS = ["volunteers:volunteer-list", "volunteers:team-list", "volunteers:project-list",
             "volunteers:reward-list", "volunteers:redemption-list",
             "volunteers:points-overview"]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("url_name", DOWNLOADS)
def test_each_list_download_is_audited(staff_client, staff, url_name, fmt):
    """Downloading the list gives a file and one export row by the downloader."""
    # given
    url = reverse(url_name) + f"?format={fmt}"
    # when
    response = staff_client.get(url)
    # then
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    row = AuditEvent.objects.get(action="export")
    assert row.actor_id == staff.pk and row.summary.endswith(f".{fmt}")
