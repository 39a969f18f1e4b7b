"""Users, their (role, territory) grants, API tokens, password history and the
login-failure log."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.manifest import actions_of
from shequ.core.scoping import Scope
from shequ.territory.models import Area

from .roles import SELF_ACTIONS, SELF_ROLES, Role


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    # The area whose system administrators look after this account while it holds no
    # grant there yet (a new account, or one whose last role was removed). Grants, not
    # this field, decide what the user may reach.
    home_area = models.ForeignKey(
        Area, verbose_name=_("home area"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    must_change_password = models.BooleanField(
        _("must change password"), default=False,
        help_text=_("Set when an administrator chose the password; cleared when the user "
                    "sets their own."),
    )
    # When the password was last set; administrators must change theirs every
    # settings.ADMIN_PASSWORD_MAX_AGE_DAYS.
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # When the account was switched off; the retention schedule ("deactivated_accounts")
    # anonymises it that many days later and stamps anonymised_at.
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # The owner's phone, stored as registry stores a resident's (core.phones): ciphertext,
    # a keyed hash for look-up, the masked form that pages show. Revealed only through
    # services.user_phone_reveal, which logs who asked and why.
    phone_enc = models.BinaryField(null=True, blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=16, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")

    def __str__(self):
        return self.display_name or self.username

    # -- scoping ---------------------------------------------------------------------
    def _grant_rows(self) -> list[tuple[str, str]]:
        cache = getattr(self, "_grant_cache", None)
        if cache is None:
            cache = _grant_rows(self.pk)
            self._grant_cache = cache
        return cache

    @property
    def roles(self) -> set[str]:
        return {role for role, _path in self._grant_rows()}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def can(self, action: str) -> bool:
        """Whether any grant allows ``action`` somewhere (object checks use scope_for)."""
        return not self.scope_for(action).is_empty

    def scope_for(self, action: str) -> Scope:
        """Union of the subtrees of grants whose role allows ``action``; own records for
        residents and party members."""
        if not self.is_active:
            return Scope()
        paths = [p for role, p in self._grant_rows() if action in actions_of(role)]
        self_ids: dict[str, list[int]] = {}
        if action in SELF_ACTIONS and self.roles & SELF_ROLES:
            resident = getattr(self, "resident", None)
            if resident is not None:
                self_ids = {"resident": [resident.pk], "household": [resident.household_id]}
        return Scope.of(paths, self_ids)

    def forget_grants(self) -> None:
        self.__dict__.pop("_grant_cache", None)


class InForceManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(approved_at__isnull=False)


class Grant(models.Model):
    """A user holds a role over a territory node and its whole subtree.

    A grant of a role that reaches personal data, asked for by a system administrator, is
    *pending* (``approved_at`` empty, no effect on scope) until a security administrator
    approves it (三权分立: the one who makes accounts does not decide who sees residents)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="grants")
    created_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    # Rows made directly (command line, demo loaders) are in force; services.grant_add
    # writes None for a request that waits for approval.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, db_index=True,
                                       default=timezone.now)
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    # The default manager (and so ``user.grants`` and every other app's query) sees only
    # grants in force: a pending grant must not count in any permission check.
    objects = InForceManager()
    all_objects = models.Manager()  # noqa: DJ012 - a manager, not a field

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "area"], name="grant_unique")
        ]
        verbose_name = _("grant")

    def __str__(self):
        return f"{self.user} {self.get_role_display()} @ {self.area}"

    @property
    def is_pending(self) -> bool:
        return self.approved_at is None


def _grant_rows(user_id) -> list[tuple[str, str]]:
    """(role, area path) of the user's grants in force: read on every request that checks a
    scope, so written once as SQL (``core.lean``) instead of compiled each time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_grants_sql(), [user_id])
        return [tuple(row) for row in cursor.fetchall()]


@cache
def _grants_sql() -> str:
    from shequ.core.lean import qn

    g, a = Grant._meta, Area._meta
    return (f"SELECT g.{qn(g.get_field('role').column)}, a.{qn(a.get_field('path').column)} "  # noqa: S608 - names from model meta
            f"FROM {qn(g.db_table)} g INNER JOIN {qn(a.db_table)} a "
            f"ON a.{qn(a.pk.column)} = g.{qn(g.get_field('area').column)} "
            f"WHERE g.{qn(g.get_field('approved_at').column)} IS NOT NULL "
            f"AND g.{qn(g.get_field('user').column)} = %s")


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def expires_at(self) -> dt.datetime:
        """Tokens lapse after settings.API_TOKEN_IDLE_SECONDS without use."""
        since = self.last_used_at or self.created_at
        return since + dt.timedelta(seconds=settings.API_TOKEN_IDLE_SECONDS)


class PasswordHistory(models.Model):
    """Hashes of the passwords an account has had, so the last few are not chosen again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("password history")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("login failure")

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
