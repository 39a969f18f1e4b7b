"""Production settings: every secret must come from the environment."""

from .base import *  # noqa: F403
from .base import ENCRYPTION_KEYS, HASH_KEY, SECRET_KEY, env, env_bool, require

DEBUG = False
require("SECRET_KEY", SECRET_KEY)
require("ENCRYPTION_KEYS", ENCRYPTION_KEYS)
require("HASH_KEY", HASH_KEY)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
NOTIFY_BACKEND = env("NOTIFY_BACKEND", "shequ.core.notify.EmailBackend")
# No text-message gateway unless one is configured: self sign-up then says so instead of
# printing codes to the server's output.
SMS_BACKEND = env("SMS_BACKEND", "shequ.core.sms.DisabledBackend")
