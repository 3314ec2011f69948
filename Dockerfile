# The portal's image: one image for web (gunicorn), worker and beat (celery).
# docker-compose.yml at the top level runs it with PostgreSQL, Redis and Mailpit.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    PORTAL_VAR_DIR=/var/lib/portal \
    DJANGO_SETTINGS_MODULE=portal.settings.production

WORKDIR /app

# The Korean TrueType font that the portal's PDFs embed (applications/receipt_pdf.py looks for it at run time),
# and Pango for WeasyPrint (the year-end report's PDF, reports/yearend/pdf.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-nanum libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

# The dependencies first, from pyproject.toml alone, so that a code change does not reinstall them.
# (pyproject declares no importable packages: the code runs from /app.)
COPY pyproject.toml README* ./
RUN pip install .

COPY . .

# Static files are collected into the image with the production storage (hashed names, compressed).
# The key and host below exist only for this one command; the running container must be given its own.
RUN SECRET_KEY=build-only-collectstatic-key-never-used-at-run-time-0123456789 \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput --verbosity 0

# A user without a login or password. It owns the state directory (the beat schedule) and the uploads
# directory, not the code nor the collected static files.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home --shell /usr/sbin/nologin portal \
    && mkdir -p /var/lib/portal/uploads \
    && chown portal:portal /var/lib/portal /var/lib/portal/uploads
# Numeric, so that an orchestrator can verify that the container does not run as root.
USER 10001:10001

EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
