import pytest

from shequ.notices import channels


@pytest.fixture(autouse=True)
def _empty_outboxes():
    channels.outbox.clear()
    channels.wechat_outbox.clear()
    yield
    channels.outbox.clear()
    channels.wechat_outbox.clear()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
