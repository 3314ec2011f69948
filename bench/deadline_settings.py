"""Settings of the deadline-day scenario's gunicorn and worker: production settings, behind one reverse proxy.

Like a deployment behind nginx, the client's address is the last one the proxy appends to ``X-Forwarded-For``
(allauth's ``ALLAUTH_TRUSTED_PROXY_COUNT``), so that allauth's sign-in limits count each company's address, not
the proxy's. Nothing else differs from ``portal.settings.production``.
"""

from portal.settings.production import *  # noqa: F403

ALLAUTH_TRUSTED_PROXY_COUNT = 1
