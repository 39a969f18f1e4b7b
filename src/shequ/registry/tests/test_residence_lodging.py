"""寄住 is its own residence type (not 流动): stored, shown and filtered on the page and
the API; residents already stored keep theirs."""

import pytest
from django.test import Client

from shequ.registry.models import ResidenceType, Resident
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_lodging_is_shown_and_filtered(tree, staff):
    lodger = factories.resident(tree.household1, name="寄住者", residence_type="lodging")
    factories.resident(tree.household1, name="流动者", residence_type="floating")
    assert Resident.objects.get(pk=lodger.pk).residence_type == ResidenceType.LODGING
    c = Client()
    c.force_login(staff)
    page = c.get(f"/residents/{lodger.pk}/").content.decode()
    assert "寄住人口" in page
    listing = c.get("/residents/", {"residence_type": "lodging"}).content.decode()
    assert "寄住者" in listing and "流动者" not in listing
    api = c.get("/api/v1/residents", {"residence_type": "lodging"},
                **factories.bearer(staff)).json()
    assert [r["name"] for r in api["items"]] == ["寄住者"]
    assert api["items"][0]["residence_type"] == "lodging"
