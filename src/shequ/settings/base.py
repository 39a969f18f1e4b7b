"""Settings shared by every environment. Everything configurable comes from SHEQU_* variables."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # src/shequ
PROJECT_DIR = Path(os.environ.get("SHEQU_HOME", Path.cwd()))


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"SHEQU_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = [h for h in (env("ALLOWED_HOSTS", "127.0.0.1,localhost") or "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "shequ.core",
    "shequ.territory",
    "shequ.accounts",
    "shequ.notices",
    "shequ.supervision",
    "shequ.organizations",
    "shequ.registry",
    "shequ.rosters",
    "shequ.imports",
    "shequ.ledgers",
    "shequ.open311",
    "shequ.volunteers",
    "shequ.members",
    "shequ.campaigns",
    "shequ.courses",
    "shequ.membership",
    "shequ.dashboard",
    "shequ.deliberation",
    "shequ.patrols",
    "shequ.evaluations",
    "shequ.branches",
    "shequ.resources",
    "shequ.talent",
    "shequ.circle",
    "shequ.services",
    "shequ.signup",
    "shequ.privacy",
    "shequ.coverage",
    "shequ.demo",
    "shequ.web",
    "ninja",
]

MIDDLEWARE = [
    "shequ.core.middleware.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "shequ.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shequ.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shequ.accounts.middleware.AccountGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shequ.core.middleware.NoStoreMiddleware",
    "shequ.api.middleware.ApiErrorShapeMiddleware",
    "shequ.core.middleware.DomainErrorMiddleware",
]

# Only the site's own files: nothing inline, nothing from elsewhere, no framing.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

ROOT_URLCONF = "shequ.urls"
WSGI_APPLICATION = "shequ.wsgi.application"
ASGI_APPLICATION = "shequ.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shequ.web.context.navigation",
                "shequ.notices.context.unread",
            ],
        },
    },
]

# Labels without a colon, required marks, 请选择… and a single choice preselected, for
# every form (core/formrenderer.py).
FORM_RENDERER = "shequ.core.formrenderer.FormRenderer"

DATABASE_URL = env("DATABASE_URL")
if not DATABASE_URL:
    (PROJECT_DIR / "var").mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'var' / 'shequ.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run during a write; IMMEDIATE makes every write transaction take
    # the write lock at BEGIN, so check-then-write sequences are serialised. Connections
    # are kept (conn_max_age above) as on PostgreSQL: reopening one per request re-runs the
    # PRAGMAs below and cost a fifth of the API's intake rate (bench/cases_bench.py).
    # Writers wait their turn on a file lock rather than SQLite's sleeping busy handler
    # (core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "shequ.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every web process (granian runs several) and every machine: rate
# limits kept in a per-process memory cache would multiply by the number of processes.
# The table is created by `migrate` (core's post_migrate hook).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "shequ_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    # Per-process memory for what may differ between processes (throttles of optional
    # work such as re-running early-warning rules during a burst of intake).
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["shequ.accounts.backends.LockoutModelBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "shequ.accounts.validators.CharacterClassValidator"},
    {"NAME": "shequ.accounts.validators.PasswordHistoryValidator"},
]
LOGIN_LOCKOUT_FAILURES = 5
LOGIN_LOCKOUT_WINDOW_SECONDS = 15 * 60

SESSION_COOKIE_AGE = int(env("SESSION_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: the clock restarts on each request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from a meta tag, not the cookie
X_FRAME_OPTIONS = "DENY"
# Absolute session lifetime: sign in again after this long, however active the session.
SESSION_MAX_SECONDS = int(env("SESSION_MAX_SECONDS", str(8 * 60 * 60)))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated;
# see core.clientip). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = [p.strip() for p in (env("TRUSTED_PROXIES", "") or "").split(",") if p.strip()]
# API tokens lapse after this many days without use; a password change, deactivation or a
# role removal revokes them at once.
API_TOKEN_IDLE_SECONDS = int(env("TOKEN_IDLE_DAYS", "30")) * 24 * 60 * 60
# A new password may not be any of the account's last PASSWORD_HISTORY passwords.
PASSWORD_HISTORY = 5
# Administrators (system, security, audit) must change their password this often.
ADMIN_PASSWORD_MAX_AGE_DAYS = 90
# A password-reset link works once, for this long.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
# Second factor (TOTP, recovery codes) for staff and administrator roles.
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
OTP_TOTP_ISSUER = "Shequ"
# Where one-time codes and links to a user go (core.notify): the console backend prints
# them to the server's standard output (never the log); production uses e-mail or SMS.
NOTIFY_BACKEND = env("NOTIFY_BACKEND", "shequ.core.notify.ConsoleBackend")
# Text messages (residents' sign-up codes): a dotted path to a core.sms.Backend.
SMS_BACKEND = env("SMS_BACKEND", "shequ.core.sms.ConsoleBackend")
# Notifications (notices.services.notify): the channel a user gets unless they chose another
# (notices.channels: console, sms, wechat; "" the in-app centre only), and the WeChat
# template-message settings ({"template_id", "openid_lookup", "transport"} dotted paths).
NOTICES_DEFAULT_CHANNEL = env("NOTICES_DEFAULT_CHANNEL", "console")
NOTICES_WECHAT: dict = {}
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env("EMAIL_FROM", "shequ@localhost")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = PROJECT_DIR / "var" / "media"

# Background work (roster imports…) is stored in the database and run by
# `shequ db_worker`; tests use the immediate backend (settings.test).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Personal data keys. SHEQU_ENCRYPTION_KEYS is a comma-separated list of "id:base64key"
# (AES-256, 32 bytes); the first encrypts, all decrypt, so keys can be rotated.
# SHEQU_HASH_KEY keys the HMAC used for exact look-ups; it cannot be rotated without
# rehashing; `shequ rotate_keys` re-encrypts rows under a new primary key.
ENCRYPTION_KEYS = env("ENCRYPTION_KEYS")
HASH_KEY = env("HASH_KEY")
# SHEQU_AUDIT_KEY keys the audit trail's hash chain (core.auditchain); when unset a key is
# derived from SHEQU_HASH_KEY. Changing it makes every existing row fail `shequ check-audit`.
AUDIT_KEY = env("AUDIT_KEY")
# Audit rows stay in the database at least this long (等保 requires ≥ 6 months), then
# `shequ archive-audit` moves them to a file.
AUDIT_RETENTION_DAYS = 180
AUDIT_ARCHIVE_DIR = PROJECT_DIR / "var" / "audit-archive"
# The retention schedule (core.retention; `shequ retention` applies it nightly): category →
# days kept. Each category is enforced by the app that owns the data; `shequ retention
# --dry-run` lists what each would remove and any category nobody enforces.
RETENTION_DAYS = {
    "roster_uploads": 1,          # uploaded rosters and their error workbooks (rosters)
    "setup_uploads": 1,           # uploaded set-up workbooks and error workbooks (imports)
    "export_files": 1,            # export workbooks (rosters)
    "sessions": 0,                # expired sign-in sessions (core)
    "audit": AUDIT_RETENTION_DAYS,  # then archived to AUDIT_ARCHIVE_DIR (core)
    "closed_data_requests": 3 * 365,  # PIPL requests, closed (privacy)
    "closed_cases": 5 * 365,      # reporter's name and phone removed from closed cases (ledgers)
    "anonymous_reporter_phones": 365,  # phone of anonymous portal reports (ledgers)
    "deactivated_accounts": 2 * 365,   # deactivated staff accounts anonymised (accounts)
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "shequ.core.logfilters.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200


def require(name: str, value):
    if not value:
        raise ImproperlyConfigured(f"SHEQU_{name} must be set")
    return value


# The 15-minute service circle (shequ.circle): the map's tile URL ("" = no tiles: the map
# draws grids, buildings and points alone, offline), the walking model of the straight-line
# mode, and an OpenStreetMap extract (.osm.pbf / .osm) to walk on instead when given.
CIRCLE_TILE_URL = env("CIRCLE_TILE_URL", "")
CIRCLE_TILE_ATTRIBUTION = env("CIRCLE_TILE_ATTRIBUTION", "")
CIRCLE_DETOUR = float(env("CIRCLE_DETOUR", "1.3"))
CIRCLE_WALK_KMH = float(env("CIRCLE_WALK_KMH", "4.5"))
CIRCLE_MINUTES = int(env("CIRCLE_MINUTES", "15"))
CIRCLE_STREET_GRAPH = env("CIRCLE_STREET_GRAPH", "")
