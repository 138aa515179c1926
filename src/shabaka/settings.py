"""Shabaka settings: one module, every value from the environment (see README "Configuration")."""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from shabaka.core.env import envbool, envint, envlist, envsecret, envstr

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
# Everything a running site writes (SQLite file, development key, uploads, backups) lives here.
DATA_DIR = Path(envstr("SHABAKA_DATA_DIR") or BASE_DIR / "var")
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", True)


def _secret_key() -> str:
    key = envsecret("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Shabaka refuses to start without a secret key: "
            "set SECRET_KEY (or SECRET_KEY_FILE) to a long random value, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # Development: a key generated once and kept in an ignored local file, so sessions survive
    # restarts without anyone committing a key.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = envstr("SITE_URL", DEFAULT_SITE_URL)
if not DEBUG and SITE_URL == DEFAULT_SITE_URL:
    # Links in emails are built from SITE_URL: left at the default they would point nowhere.
    raise ImproperlyConfigured(
        "SITE_URL is not set. With DEBUG off Shabaka refuses to start without the address "
        "people reach it at (links in emails are built from it), e.g. "
        "SITE_URL=https://shabaka.example.org"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "django_tasks",
    "django_tasks_db",
    "shabaka.core",
    "shabaka.jobs",
    "shabaka.accounts",
    # Domain apps in the order their demo data loads (each may use the ones before it).
    "shabaka.directory",
    "shabaka.networks",
    "shabaka.projects",
    "shabaka.plans",
    "shabaka.events",
    "shabaka.dialogues",
    "shabaka.content",
    "shabaka.reports",
    "shabaka.search",
    "shabaka.operations",
    "shabaka.api",
    "shabaka.benchmarks",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before sessions, authentication and CSRF: a kept page skips all of them.
    "shabaka.core.pagecache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shabaka.accounts.twofactor.IdleTimeoutMiddleware",
    "shabaka.accounts.twofactor.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last, as its documentation asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shabaka.urls"
WSGI_APPLICATION = "shabaka.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shabaka.core.context_processors.shell",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------
# SQLite by default so a fresh checkout runs with no server; PostgreSQL when DATABASE_URL is set.
DATABASE_URL = envstr("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'shabaka.sqlite3'}"
DATABASES = {
    # Persistent connections with a health check: a new connection per request (Django's
    # default) costs PostgreSQL a TCP connect and authentication on every page.
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
# psycopg's own prepared statements: with server-side binding, psycopg prepares a query on the
# server once it has run DB_PREPARE_THRESHOLD times on a connection, and PostgreSQL then plans it
# once instead of on every request. Off (DB_PREPARED_STATEMENTS=0) behind a pooler that loses
# prepared statements (PgBouncer before 1.21 in transaction mode).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and envbool(
    "DB_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": envint("DB_PREPARE_THRESHOLD", 2)}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE transactions take the write
        # lock at BEGIN, and the busy timeout makes a second writer wait for it instead of
        # failing with "database is locked" half way through its transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT", 20),
    }
    # A file, not memory, so tests with several threads share one database as production does.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-shabaka.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background jobs (django-tasks) --------------------------------------------------------------
# The database queue by default: nothing more to run than `shabaka worker` beside the server.
# With REDIS_URL (or TASKS_BACKEND=rq) the queue is RQ on Redis, shared by workers on several
# machines. TASKS_BACKEND=immediate runs each task inside the request (never in production).
TASKS_BACKEND = envstr("TASKS_BACKEND") or ("rq" if envstr("REDIS_URL") else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, got {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": envstr("REDIS_URL") or "redis://127.0.0.1:6379/0"}}
# A running job that has not written progress for this long is taken as stopped (its worker was
# killed) and marked failed; it can then be run again.
JOB_STALL_SECONDS = envint("JOB_STALL_SECONDS", 10 * 60)
# Checked while the file streams in, before it is held in memory: a hostile file is refused fast.
IATI_IMPORT_MAX_BYTES = envint("IATI_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
IATI_IMPORT_MAX_ACTIVITIES = envint("IATI_IMPORT_MAX_ACTIVITIES", 5000)
# A longer list is exported by a background job to a file downloaded from the job's page.
EXPORT_DIRECT_MAX_ROWS = envint("EXPORT_DIRECT_MAX_ROWS", 5000)
EMAIL_MAX_ATTEMPTS = envint("EMAIL_MAX_ATTEMPTS", 6)
EMAIL_RETRY_SECONDS = envint("EMAIL_RETRY_SECONDS", 60)

# --- Cache ---------------------------------------------------------------------------------------
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Each process keeps its own pages; the generation numbers that key them are shared
        # through the database, so no process serves a page older than the last write.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", 1000)},
        },
    }
# Signed-out visitors' pages served from the "pages" cache (core.pagecache), never stale: a
# committed write raises its kind's generation number. The timeout bounds only what depends on
# the clock (an event that started since).
PAGE_CACHE = envbool("PAGE_CACHE", True)
PAGE_CACHE_TIMEOUT = envint("PAGE_CACHE_TIMEOUT", 300)
# Parts of signed-in pages kept per viewer ({% kept %}, core.fragments), in the same cache.
FRAGMENT_CACHE = envbool("FRAGMENT_CACHE", True)

# --- Accounts, roles, sign-in --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {
        # Our users have an email and a full name (no username, first or last name).
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# An invitation link stays valid for a week; a password reset link for a day (Django's setting
# covers both: the invitation view signs its own, longer-lived token).
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)
INVITATION_TIMEOUT = envint("INVITATION_TIMEOUT", 60 * 60 * 24 * 7)
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 12)
# Sessions end when the browser closes (if asked), and after two idle hours (0: never).
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 60 * 60 * 2)

# Two-factor authentication (TOTP, with recovery codes), offered to everyone and required of
# every role that can see personal data (administrators, staff, coordinators, focal points,
# secretariats): on unless DEBUG, so only a development site (the demo's local accounts) runs
# without it; `shabaka demo` refuses DEBUG off. OTP_REQUIRED_FOR_STAFF is its former name.
OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES = envbool(
    "OTP_REQUIRED_FOR_PERSONAL_DATA_ROLES", envbool("OTP_REQUIRED_FOR_STAFF", not DEBUG)
)
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Shabaka")

# Password reset requests: at most this many an hour for one email address, and from one
# client address (the form answers the same either way, so no one learns who has an account).
PASSWORD_RESET_LIMIT_PER_EMAIL = envint("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_LIMIT_PER_ADDRESS = envint("PASSWORD_RESET_LIMIT_PER_ADDRESS", 10)

# Failed sign-ins: after AXES_FAILURE_LIMIT failures on one account from one address, that
# account is locked for that address (only); after AXES_ADDRESS_FAILURE_LIMIT failures from one
# address on any accounts, the address is locked; both for AXES_COOLOFF_MINUTES. An account is
# never locked from every address (anyone could keep its owner out), and a password reset
# clears its failures. See accounts.signin.AxesHandler.
AXES_HANDLER = "shabaka.accounts.signin.AxesHandler"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = max(envint("AXES_ADDRESS_FAILURE_LIMIT", 20), AXES_FAILURE_LIMIT)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "shabaka.accounts.signin.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address, for lockouts and rate limits: REMOTE_ADDR with no proxy; behind
# PROXY_COUNT reverse proxies that each append to X-Forwarded-For, the PROXY_COUNT-th entry from
# the right (whatever the client wrote further left). Read in one place: accounts.addresses.
PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "shabaka.accounts.addresses.client_ip"

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Shabaka <no-reply@shabaka.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages -----------------------------------------------------------------------------------
LANGUAGE_CODE = envstr("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("ar", _("Arabic")), ("fr", _("French"))]
LOCALE_PATHS: list[Path] = []  # each app keeps its own catalogue in <app>/locale
# Numbers are grouped only where a template asks (floatformat:"g"): a global thousand separator
# would also reach years and record numbers. Arabic grouping is set in core/formats/ar.
FORMAT_MODULE_PATH = ["shabaka.core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "UTC")
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_ROOT = Path(envstr("MEDIA_ROOT") or DATA_DIR / "media")
# Never routed: uploads are served only through views that check who may read them.
MEDIA_URL = "/_private_media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production (collectstatic); plain files in development.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# --- Security (production values unless DEBUG) ---------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS")
# No inline script or style anywhere: pages load only the project's own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Shabaka -------------------------------------------------------------------------------------
SHABAKA_PAGE_SIZE = envint("SHABAKA_PAGE_SIZE", 25)
# The benchmark's two reference views (bench/run.py sets it; never on a real site).
BENCH_REFERENCE_VIEWS = envbool("BENCH_REFERENCE_VIEWS", False)
# Data minimisation: participants' personal data is anonymised this many days after their last
# event ended (`shabaka anonymise_past_participants`, e.g. from a daily timer).
PARTICIPANT_RETENTION_DAYS = envint("PARTICIPANT_RETENTION_DAYS", 5 * 365)
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
