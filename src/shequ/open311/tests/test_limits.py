"""Open311 refuses text over the case limits with the spec's error (status 400, an
``errors`` list naming the parameter and the limit), creating nothing."""

import json
from urllib.parse import urlencode

import pytest

from shequ.ledgers.models import Case

pytestmark = pytest.mark.django_db
LONG = "楼" * 2001


@pytest.mark.parametrize("data,words", [
    ({"description": LONG}, "description"),
    ({"first_name": "名" * 30, "last_name": "姓" * 20}, "name"),
    ({"address_string": "址" * 201, "lat": "", "long": ""}, "address_string")])
def test_open311_answers_the_spec_error(client, place, key, data, words):
    form = {"api_key": key, "service_code": "sanitation", "lat": "31.2080",
            "long": "107.4680", "description": "路边垃圾", **data}
    r = client.post("/open311/v2/requests.json", urlencode(form),
                    content_type="application/x-www-form-urlencoded")
    (err,) = json.loads(r.content)
    assert r.status_code == 400 and err["code"] == 400 and words in err["description"]
    assert Case.objects.count() == 0
