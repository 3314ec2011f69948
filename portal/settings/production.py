"""Production settings: everything of ``base`` plus what a public deployment must have.

The process refuses to start with the development secret key, with DEBUG on, or
without ALLOWED_HOSTS.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEVELOPMENT_SECRET_KEY, LOGGING, SECRET_KEY, VAULT_STORAGE, env

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production: set DEBUG=0 (or leave it unset).")
if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key, which must never be used in production. Set SECRET_KEY to a "
        'random value of 50 or more characters: python3 -c "import secrets; print(secrets.token_urlsafe(64))"'
    )
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        f"SECRET_KEY has {len(SECRET_KEY)} characters; production needs a random value of 50 or more: "
        'python3 -c "import secrets; print(secrets.token_urlsafe(64))"'
    )
# No default: a production process must be told the names it answers to.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the comma-separated host names of the portal for production.")

# No demo data: its accounts (an administrator among them) have a published password. seed_demo refuses.
DEMO_DATA_ALLOWED = False
# JSON log lines unless told otherwise; the proxy of docker-compose (portal/deploy/nginx.conf) sets X-Request-ID.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "vault": VAULT_STORAGE,
}

# The portal runs behind one reverse proxy (docs/operations.md): the client's address is the last entry of
# X-Forwarded-For, which the proxy appends; entries further left are the client's to forge and are not read.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT}  # the API's throttle counts the same

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
