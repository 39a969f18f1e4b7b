"""Settings for the test suite. SHEQU_DATABASE_URL picks PostgreSQL for the second CI run."""

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
# Two keys so every test exercises rotation: rows written with "k2" read back with both known.
ENCRYPTION_KEYS = (
    "k2:dGVzdC1rZXktMi1mb3Itc2hlcXUtdGVzdHMtb25seSE=,"
    "k1:dGVzdC1rZXktMS1mb3Itc2hlcXUtdGVzdHMtb25seSE="
)
HASH_KEY = "test-hash-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not env("DATABASE_URL"):
    DATABASES["default"]["NAME"] = ":memory:"
    # Named, not left to Django: pytest-django keeps a nameless test database in memory
    # only for Django's own SQLite engine (ours is core/sqlite) and would give each xdist
    # worker a file instead.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LANGUAGE_CODE = "zh-hans"
# Tests serve static files through the finders; no collected directory is needed (and
# WhiteNoise would warn on every request that it is missing).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# One-time codes and links land in shequ.core.notify.outbox.
NOTIFY_BACKEND = "shequ.core.notify.LocmemBackend"
SMS_BACKEND = "shequ.core.sms.LocmemBackend"
# Notifications sent on the console channel land in shequ.notices.channels.outbox.
NOTICES_CHANNELS = {"console": "shequ.notices.channels.LocmemChannel",
                    "sms": "shequ.notices.channels.SmsChannel",
                    "wechat": "shequ.notices.channels.WeChatTemplateChannel"}
OTP_REQUIRED = False
