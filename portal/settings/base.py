"""Settings for every environment, read from the environment with embedded defaults.

Nothing has to be running for the defaults to work: SQLite under ``var/``, kombu's
filesystem transport under ``var/broker`` for Celery, and one ``.eml`` file per
message under ``var/mail``. Production (``portal.settings.production``) tightens
what must be set.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)

# Settings come from the process environment only. (`.env` belongs to docker compose, whose
# host names would not resolve outside its network, so it is not read here.)
env = environ.Env()

DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

PORTAL_NAME = _("Yeongcheon SME Support Portal")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "portal.accounts.admin_apps.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal.http",
    "portal.accounts",
    "allauth",
    "allauth.account",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal.health",
    "portal.notifications",
    "portal.audit",
    "programs",
    "applications",
    "applications.review",
    "applications.evaluation",
    "applications.agreements",
    "applications.outcomes",
    "applications.progress",
    "applications.funding",
    "reports",
    "reports.meetings",
    "reports.yearend",
]

MIDDLEWARE = [
    "portal.health.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "portal.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------
# Per-process memory by default; production sets CACHE_URL=redis://… so that rate limits
# (login, sign-up) count across all gunicorn workers.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # While Redis is unreachable the cache answers as an empty one (portal/health/cache.py), and gives up quickly.
    CACHES["default"]["BACKEND"] = "portal.health.cache.ResilientRedisCache"
    _cache_timeout = env.float("CACHE_TIMEOUT", default=1.0)
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": _cache_timeout, "socket_timeout": _cache_timeout}
    )
# Sessions: read from the cache, written through to the database, when the cache is one that every process
# shares (Redis, Memcached); a per-process memory cache would let another worker keep a logged-out session.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if _SHARED_CACHE else 'db'}"

# --- Users --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Sign-in throttling (portal/accounts/throttle.py, docs/accounts.md): wrong passwords count per account AND client
# address, so that nobody elsewhere can lock an account's owner out; allauth's limits count per address only
# ("login": 30 attempts a minute, "login_failed": 10 wrong passwords a minute). Counted in the default cache.
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = 5 * 60
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}  # allauth's per-account part ("5/5m/key") is replaced, above
# The client address behind our reverse proxies: X-Forwarded-For is read only as far as this many proxies of ours
# appended to it (0: not read at all, the address is the connection's). production.py defaults to 1.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# django-allauth: email login without usernames, mandatory verification.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.accounts.forms.SignupForm"}
# Argon2id (argon2-cffi), Django's recommended hasher: memory-hard, so a stolen hash costs an attacker's GPU far more
# than PBKDF2's 1.2 million SHA-256 rounds do, at a fraction of the CPU per sign-in here (figures in docs/proof.md).
# PBKDF2 stays second: a password stored with it still checks, and is rehashed with Argon2 at its next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time --------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
# Django's empty choice of a select has no Korean in Django's own catalogue: naming its msgid here keeps it in ours
# when `make messages` refreshes the catalogue (no code reads this setting).
DJANGO_MESSAGES_TRANSLATED_HERE = [_("- Select an option -")]  # lazy: settings must not translate while loading
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
# Dates read the same in both languages (2026-12-05 18:33): portal/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_TZ = True

# --- Static files ------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploaded files (applications/storage.py): the local disk (MEDIA_ROOT) by default; an S3-compatible bucket (MinIO,
# or a cloud's S3) when S3_BUCKET is set, which is what several web servers need to see the same files. Objects are
# private; the portal's views serve them. Credentials: S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY, or boto3's own chain
# (AWS_ACCESS_KEY_ID, an instance role, ...) when they are unset.
S3_BUCKET = env.str("S3_BUCKET", default="")
VAULT_STORAGE = {"BACKEND": "applications.storage.LocalVaultStorage"}
if S3_BUCKET:
    VAULT_STORAGE = {
        "BACKEND": "applications.storage.S3VaultStorage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            # MinIO and most S3-compatible servers want path-style addresses (http://minio:9000/bucket/key).
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
            "location": env.str("S3_PREFIX", default=""),
        },
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "vault": VAULT_STORAGE,
}
# Uploaded documents live outside every web-served path; they are only ever served by views.
# No URL pattern serves MEDIA_URL: it exists because Django's test server requires one.
MEDIA_ROOT = VAR_DIR / "uploads"
MEDIA_URL = "/private-uploads-are-not-served/"
# Vault uploads: refused above this size (UPLOAD_MAX_MB, default 20 MB). Files over 2.5 MB spool to a
# temporary file instead of memory; the non-file part of a request stays under Django's 2.5 MB default.
PORTAL_UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A request with files may be the file limit plus this margin (the form's other fields, several small files):
# a larger Content-Length is refused before its body is read (portal/http/uploads.py, docs/operations.md).
PORTAL_UPLOAD_REQUEST_MARGIN_BYTES = env.int("UPLOAD_REQUEST_MARGIN_MB", default=5) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "portal.http.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Content security policy: no inline scripts or styles, no third-party hosts.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- API (Django REST framework + drf-spectacular) ------------------------------
# The public API is read-only data and a stateless eligibility check: no sessions,
# no CSRF, JSON only (the browsable docs are served by drf-spectacular's Swagger UI).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["portal.http.api.SafeJSONParser"],
    "EXCEPTION_HANDLER": "portal.http.api.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
    # Anonymous calls per client address, in the default cache (Redis in production, shared by every worker).
    "DEFAULT_THROTTLE_CLASSES": ["portal.http.api.AnonymousApiThrottle"],
    # The client's address: REMOTE_ADDR, or behind that many trusted proxies the address they saw.
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
}
# "120/minute" is two a second per address, sustained: well above what the self-check page or an open-data
# client needs. A call over it answers 429 with Retry-After.
API_ANON_RATE = env.str("API_ANON_RATE", default="120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Yeongcheon SME Support Portal API",
    "DESCRIPTION": "Programs, yearly calls and the eligibility self-check of the Yeongcheon SME support portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProgramCodeEnum": "programs.enums.ProgramCode",
        "DocumentTypeEnum": "programs.enums.DocumentType",
        "RuleTypeEnum": "programs.enums.RuleType",
    },
}

# --- Email --------------------------------------------------------------------
# Django 6.1 mailers. EMAIL_URL (smtp://user:password@host:587, smtp+tls://…, smtps://…)
# selects SMTP; without it every message is written as one .eml file under var/mail/.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Yeongcheon SME Portal <noreply@portal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env.str("EMAIL_URL", default="")
EMAIL_FILE_DIR = VAR_DIR / "mail"
if EMAIL_URL:
    _email = env.email_url_config(EMAIL_URL)
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                "host": _email.get("EMAIL_HOST", "localhost"),
                "port": _email.get("EMAIL_PORT") or 25,
                "username": _email.get("EMAIL_HOST_USER") or None,
                "password": _email.get("EMAIL_HOST_PASSWORD") or None,
                "use_tls": bool(_email.get("EMAIL_USE_TLS")),
                "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
                "timeout": env.int("EMAIL_TIMEOUT", default=10),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "portal.notifications.backends.EmlDirectoryBackend",
            "OPTIONS": {"file_path": str(EMAIL_FILE_DIR)},
        }
    }

# --- Celery -------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # kombu polls the folder; its default (1 s) would hold every task (prefetch 1) for up to a second.
        "polling_interval": env.float("CELERY_POLLING_INTERVAL", default=0.02),
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Longer than any task's countdown or ETA, so that Redis never re-delivers a task
    # that a worker still holds (see the README, "Celery and Redis").
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=7200)}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "portal.health.tasks.heartbeat_record",
        "schedule": 60.0,
    },
    "notifications-sweep": {"task": "notifications.sweep", "schedule": 60.0},
    # Folds the review-change rows into one per call (the versions under which staff pages are cached).
    # The reminders live with what they remind of (applications/tasks.py, applications/evaluation/tasks.py).
    "call-opening-reminders": {"task": "applications.remind_call_opening", "schedule": crontab(minute=0, hour=9)},
    "call-closing-reminders": {"task": "applications.remind_call_closing", "schedule": crontab(minute=5, hour=9)},
    "evaluation-reminders": {"task": "evaluation.remind_evaluation", "schedule": crontab(minute=10, hour=9)},
    "agreement-reminders": {"task": "applications.remind_agreement", "schedule": crontab(minute=15, hour=9)},
    "outcome-due-reminders": {"task": "outcomes.remind_outcome_due", "schedule": crontab(minute=20, hour=9)},
    "outcome-overdue-reminders": {"task": "outcomes.remind_outcome_overdue", "schedule": crontab(minute=25, hour=9)},
    "progress-report-reminders": {"task": "progress.remind_reports", "schedule": crontab(minute=30, hour=9)},
    "funding-reminders": {"task": "funding.remind_funding", "schedule": crontab(minute=35, hour=9)},
    "meeting-reminders": {"task": "meetings.remind_meeting", "schedule": crontab(minute=40, hour=9)},
    # What is left of deleted accounts, once DELETED_ACCOUNT_RETENTION_DAYS have passed (portal/accounts/retention.py).
    "personal-data-purge": {"task": "accounts.purge_personal_data", "schedule": crontab(minute=30, hour=3)},
}

# --- Retention (docs/operations.md) -----------------------------------------------
# Days that what is left of a deleted account (consent records, notifications, the company's drafts, contact
# person and unused vault documents once no member is left) is kept before the daily purge removes it: time to
# undo a mistaken deletion from a backup. Submitted applications follow RECORD_RETENTION_YEARS (accounts/enums.py).
DELETED_ACCOUNT_RETENTION_DAYS = env.int("DELETED_ACCOUNT_RETENTION_DAYS", default=30)
# Each app removes its own part, in this order (accounts last: it deletes the rows nothing refers to any more).
RETENTION_STEPS = [
    "portal.notifications.retention.deleted_recipients_remove",
    "applications.services.retention.orphaned_companies_purge",
    "portal.accounts.retention.deleted_accounts_remove",
]

# --- Notifications ----------------------------------------------------------------
# Retries: base·2^(n-1) seconds with jitter, at most NOTIFICATIONS_RETRY_MAX_SECONDS, which must stay well
# below the Redis visibility_timeout (7200 s) so that Redis never re-delivers a task waiting for its retry.
NOTIFICATIONS_MAILER = env.str("NOTIFICATIONS_MAILER", default="default")
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.float("NOTIFICATIONS_RETRY_BASE_SECONDS", default=30.0)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.float("NOTIFICATIONS_RETRY_MAX_SECONDS", default=900.0)
NOTIFICATIONS_PENDING_GRACE_SECONDS = env.float("NOTIFICATIONS_PENDING_GRACE_SECONDS", default=180.0)
NOTIFICATIONS_SENDING_STALE_SECONDS = env.float("NOTIFICATIONS_SENDING_STALE_SECONDS", default=600.0)
# Ids per broker message: the worker sends them one after the other on one SMTP connection.
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=100)
NOTIFICATIONS_CALL_CLOSING_DAYS = env.int("NOTIFICATIONS_CALL_CLOSING_DAYS", default=3)
NOTIFICATIONS_EVALUATION_REMINDER_DAYS = env.int("NOTIFICATIONS_EVALUATION_REMINDER_DAYS", default=2)
# Selected companies are reminded this many days before their call's agreement deadline.
NOTIFICATIONS_AGREEMENT_REMINDER_DAYS = env.int("NOTIFICATIONS_AGREEMENT_REMINDER_DAYS", default=7)
# Companies are reminded of an outcome report not yet submitted this many days before it is due.
NOTIFICATIONS_OUTCOME_REMINDER_DAYS = env.int("NOTIFICATIONS_OUTCOME_REMINDER_DAYS", default=14)
# Companies are reminded this many days before an interim or final progress report is due (and once when overdue).
NOTIFICATIONS_PROGRESS_REPORT_DAYS = env.int("NOTIFICATIONS_PROGRESS_REPORT_DAYS", default=7)
# Payments and settlement (applications.funding): a refund is due this many days after it is assessed; the
# settlement and refund reminders go this many days before the due date (and the day after it, if still open).
FUNDING_REFUND_DUE_DAYS = env.int("FUNDING_REFUND_DUE_DAYS", default=30)
FUNDING_REMINDER_DAYS = env.int("FUNDING_REMINDER_DAYS", default=7)
# Companies registered for the year-end results meeting are reminded this many days before it.
MEETINGS_REMINDER_DAYS = env.int("MEETINGS_REMINDER_DAYS", default=3)

# --- Logging ------------------------------------------------------------------
# Every line carries the id of its request (portal/health/requestid.py). LOG_FORMAT=json writes one JSON object per
# line (portal/health/logs.py), production's default; plain text is the development default.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
# Keep the proxy's X-Request-ID (nginx sets its own on every request) instead of making a new id.
REQUEST_ID_FROM_PROXY = env.bool("REQUEST_ID_FROM_PROXY", default=False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.health.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "portal.health.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own "django" handlers (a console while DEBUG, mail to ADMINS) would write a second, unformatted copy
    # of its lines: everything goes to the root's handler instead.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
    },
}

# --- Demo data ------------------------------------------------------------------
# Each app adds its seeder here; ``manage.py seed_demo`` runs them in this order.
DEMO_SEEDERS = [
    "portal.accounts.demo.seed",
    "programs.demo.seed",
    "applications.demo.seed",
    "applications.review.demo.seed",
    "applications.evaluation.demo.seed",
    "applications.agreements.demo.seed",
    "applications.outcomes.demo_history.seed",
    "applications.outcomes.demo.seed",
    "applications.progress.demo.seed",
    "applications.funding.demo.seed",
    "reports.meetings.demo.seed",
    "reports.demo.seed",
    "reports.yearend.demo.seed",
]
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="yeongcheon-demo-2027")
# ``seed_demo`` refuses to run where this is off (production.py): the demo accounts have a published password.
DEMO_DATA_ALLOWED = True

# Benchmark-only control pages (a bare "hello" and a plain 50-row page).
BENCH_CONTROLS = env.bool("BENCH_CONTROLS", default=False)

# Tests set this so that a test that would skip for a missing service or browser fails instead.
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)
