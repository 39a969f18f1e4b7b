"""我的账号 (issue 9): what a user needs, in Chinese — their access keys with when each
lapses and a way to revoke it, and whether two-step sign-in is on — and no developer
text."""

import re

import pytest
from django.utils import timezone

from shequ.accounts import services

pytestmark = pytest.mark.django_db


def _page(client) -> str:
    return client.get("/accounts/me/").content.decode()


def test_my_account_shows_tokens_with_expiry_and_the_second_factor(client, grid_worker):
    # given
    token, _raw = services.api_token_create(actor=grid_worker, user=grid_worker, name="我的手机")
    client.force_login(grid_worker)
    # when
    page = _page(client)
    # then
    expires = timezone.localtime(token.expires_at).strftime("%Y-%m-%d")
    assert "我的手机" in page and f"如未使用，将于 {expires} 失效" in page
    assert f'data-revoke-token="{token.pk}"' in page
    assert re.search(r'data-testid="otp-status">\s*未开启', page)
    assert "/api/v1" not in page and "POST" not in page


def test_without_tokens_the_page_speaks_plainly(client, grid_worker):
    client.force_login(grid_worker)
    page = _page(client)
    assert "目前没有程序持有您账号的访问密钥" in page
    assert "/api/v1" not in page


def test_the_page_carries_no_inline_style_or_script(client, grid_worker):
    client.force_login(grid_worker)
    page = _page(client)
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|style=", page)
