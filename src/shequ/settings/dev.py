"""Settings for `make demo` and local development: debug on, fixed demo keys."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", False)
# Demo-only keys: fine for a laptop demo, refused by prod settings.
SECRET_KEY = env("SECRET_KEY") or "demo-insecure-secret-key-change-me-3b1f0d8e9a7c"
ENCRYPTION_KEYS = env("ENCRYPTION_KEYS") or "demo1:ZGVtby1rZXktZm9yLXNoZXF1LWRlbW8tb25seS0zMiE="
HASH_KEY = env("HASH_KEY") or "demo-hash-key-for-shequ-demo-only"
# The demo logins must work without a phone: no second factor unless asked for
# (SHEQU_OTP_REQUIRED=1); the sign-in page says so.
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
