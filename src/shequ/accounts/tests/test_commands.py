"""createadmin through the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from shequ.accounts.models import User
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_createadmin_reads_password_from_stdin(tree, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(factories.PASSWORD + "\n"))
    call_command("createadmin", "root", "--role", "sysadmin", "--password-stdin", stdout=io.StringIO())
    user = User.objects.get(username="root")
    assert user.check_password(factories.PASSWORD)
    assert user.roles == {"sysadmin"}


def test_createadmin_refuses_weak_password_and_creates_nothing(tree, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("weak\n"))
    with pytest.raises(CommandError):
        call_command("createadmin", "root", "--password-stdin", stdout=io.StringIO())
    assert not User.objects.filter(username="root").exists()
