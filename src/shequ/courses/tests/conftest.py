import pytest


@pytest.fixture
def staff_client(client, staff):
    """The test client signed in as the community's staff."""
    client.force_login(staff)
    return client
