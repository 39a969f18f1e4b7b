import pytest

from shequ.core.actors import SYSTEM
from shequ.ledgers.tests.fixtures import *  # noqa: F403 - cases, places, people
from shequ.open311 import services


@pytest.fixture
def key(place):
    """A key issued to a client serving the test district."""
    _client, raw = services.client_issue(actor=SYSTEM, name="市民通", area=place.district)
    return raw
