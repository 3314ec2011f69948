"""The production settings, the Docker image recipe and docker-compose.yml.

Production settings are loaded in child processes, each with its own environment, because
settings are read once per process.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import service_missing

BASE_DIR = Path(settings.BASE_DIR)
DOCKER_COMPOSE = "/usr/bin/docker-compose"
# Long-running services (each with a healthcheck) and the one-off steps that run before them.
SERVICES = {"postgres", "redis", "minio", "web1", "web2", "proxy", "worker", "beat", "mailpit"}
ONE_OFF = {"migrate", "minio-bucket"}
# Variables of the environment that would change what a production process does.
PORTAL_VARIABLES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in PORTAL_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        PORTAL_VAR_DIR=str(var_dir),
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.kr",
        CSRF_TRUSTED_ORIGINS="https://portal.example.kr",
        DEBUG="0",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_with_production_env_reports_no_issues(tmp_path):
    result = manage("check", "--deploy", env=production_env(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output


def test_check_deploy_flags_a_development_setting(tmp_path):
    # The same command does report a weakened setting: the test above can fail.
    result = manage("check", "--deploy", env=production_env(tmp_path, SECURE_SSL_REDIRECT="0"))

    assert "security.W008" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": settings.DEVELOPMENT_SECRET_KEY}, "SECRET_KEY is the development key"),
        ({"SECRET_KEY": ""}, "SECRET_KEY has 0 characters"),
        ({"SECRET_KEY": "too-short-for-production"}, "SECRET_KEY has 24 characters"),
        ({"DEBUG": "1"}, "DEBUG must be off in production"),
        ({"ALLOWED_HOSTS": ""}, "Set ALLOWED_HOSTS"),
    ],
    ids=["development-key", "empty-key", "short-key", "debug-on", "no-hosts"],
)
def test_production_settings_refuse_to_load(tmp_path, overrides, message):
    result = manage("check", env=production_env(tmp_path, **overrides))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_serves_over_https_with_collected_static_files(tmp_path):
    """What the image does: collectstatic with the build-time key, then serve with a real one."""
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    build_key = re.search(r"SECRET_KEY=(\S+)", dockerfile).group(1)
    build_hosts = re.search(r"ALLOWED_HOSTS=(\S+)", dockerfile).group(1)
    collect = manage(
        "collectstatic",
        "--noinput",
        "-v0",
        env=production_env(tmp_path, SECRET_KEY=build_key, ALLOWED_HOSTS=build_hosts),
    )
    assert collect.returncode == 0, collect.stderr
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()

    env = production_env(tmp_path)
    migrate = manage("migrate", "--noinput", "-v0", env=env)
    assert migrate.returncode == 0, migrate.stderr
    script = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="portal.example.kr")
home = client.get("/", secure=True)
plain = client.get("/")
health = client.get("/healthz")
print(json.dumps({
    "home": home.status_code,
    "hsts": home.headers.get("Strict-Transport-Security", ""),
    "csp": home.headers.get("Content-Security-Policy", ""),
    "plain": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "health": health.status_code,
}))
"""
    served = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert served.returncode == 0, served.stderr
    answers = json.loads(served.stdout.strip().splitlines()[-1])
    assert answers["home"] == 200
    assert "max-age=31536000" in answers["hsts"]
    assert "script-src 'self'" in answers["csp"]
    assert answers["plain"] == 301
    assert answers["plain_location"] == "https://portal.example.kr/"
    # The health endpoints answer plain HTTP: container healthchecks do not go through the TLS proxy.
    assert answers["health"] == 200


def test_image_runs_as_non_root_and_keeps_the_build_key_out_of_its_environment():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", dockerfile, flags=re.MULTILINE)

    assert users, "the Dockerfile sets no USER"
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert not re.search(r"^ENV\b[^\n]*SECRET_KEY", dockerfile, flags=re.MULTILINE)
    assert re.search(r"^FROM python:3\.12-slim\b", dockerfile, flags=re.MULTILINE)


# --- docker-compose.yml -----------------------------------------------------------------------


def compose(*args: str, env_file: Path) -> subprocess.CompletedProcess:
    """Run docker-compose on the project's file with only ``env_file`` as its `.env`."""
    if not Path(DOCKER_COMPOSE).exists():
        service_missing(f"{DOCKER_COMPOSE} is not installed (apt-get install docker-compose)")
    # A clean environment: variables of the shell would win over the env file.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root")}
    return subprocess.run(
        [DOCKER_COMPOSE, "--project-directory", str(BASE_DIR), "--env-file", str(env_file), "config", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def no_env_file(tmp_path) -> Path:
    """A fresh clone has no .env; an empty file stands in for it whatever this checkout holds."""
    path = tmp_path / "empty.env"
    path.write_text("")
    return path


def test_compose_file_is_valid_without_env_file(no_env_file):
    result = compose("-q", env_file=no_env_file)

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def resolved_compose(env_file: Path) -> dict:
    yaml = pytest.importorskip("yaml")
    result = compose(env_file=env_file)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_defines_the_services_each_with_a_healthcheck(no_env_file):
    services = resolved_compose(no_env_file)["services"]

    assert set(services) == SERVICES | ONE_OFF
    for name in SERVICES:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name in ONE_OFF:
        assert services[name]["restart"] == "no"
    for name in ("web1", "web2"):
        assert "/healthz" in str(services[name]["healthcheck"]["test"])
        assert "/readyz" in str(services[name]["healthcheck"]["test"])
    assert "pg_isready" in str(services["postgres"]["healthcheck"]["test"])
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert "inspect ping" in str(services["worker"]["healthcheck"]["test"])
    assert "noeviction" in services["redis"]["command"]


def test_compose_waits_for_healthy_dependencies(no_env_file):
    services = resolved_compose(no_env_file)["services"]

    for name in ("web1", "web2"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "minio-bucket": {"condition": "service_completed_successfully"},
            "redis": {"condition": "service_healthy"},
            "mailpit": {"condition": "service_healthy"},
        }
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["minio-bucket"]["depends_on"] == {"minio": {"condition": "service_healthy"}}
    assert services["proxy"]["depends_on"] == {name: {"condition": "service_healthy"} for name in ("web1", "web2")}
    for name in ("worker", "beat"):
        assert services[name]["depends_on"] == {"web1": {"condition": "service_healthy"}}


def test_compose_runs_the_portal_with_production_settings(no_env_file):
    config = resolved_compose(no_env_file)
    services = config["services"]

    for name in ("migrate", "web1", "web2", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        assert environment["PORTAL_VAR_DIR"] == "/var/lib/portal"
        assert environment["LOG_FORMAT"] == "json"
    for name in ("web1", "web2"):
        assert "portal.wsgi" in " ".join(services[name]["command"])
        assert "migrate" not in " ".join(services[name]["command"])
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]
    for name in ("web1", "web2", "worker"):
        assert services[name]["environment"]["EMAIL_URL"] == "smtp://mailpit:1025"
        # Uploads live in MinIO's bucket, which every replica and the worker reach: no shared disk.
        assert services[name]["environment"]["S3_BUCKET"] == "portal-uploads"
        assert services[name]["environment"]["S3_ENDPOINT_URL"] == "http://minio:9000"
        assert "volumes" not in services[name]
    assert services["minio"]["environment"]["MINIO_ROOT_USER"] == services["web1"]["environment"]["S3_ACCESS_KEY_ID"]
    assert {"postgres-data", "redis-data", "minio-data"} <= set(config["volumes"])


def test_proxy_spreads_over_both_replicas_with_the_upload_limit(no_env_file):
    services = resolved_compose(no_env_file)["services"]
    mount = services["proxy"]["volumes"][0]
    assert mount.endswith(":/etc/nginx/conf.d/default.conf:ro")
    config = Path(mount.split(":")[0]).read_text()

    assert re.search(r"server web1:8000", config) and re.search(r"server web2:8000", config)
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in config
    assert "proxy_set_header X-Request-ID $request_id;" in config
    # The portal's own limit of a request: the file limit (UPLOAD_MAX_MB) plus the margin for the form's other fields.
    limit = int(re.search(r"client_max_body_size (\d+)m;", config).group(1))
    assert limit * 1024 * 1024 == settings.PORTAL_UPLOAD_MAX_BYTES + settings.PORTAL_UPLOAD_REQUEST_MARGIN_BYTES


def env_example_values() -> dict[str, str]:
    values = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value
    return values


def test_compose_defaults_are_those_of_env_example(no_env_file):
    """Without .env, docker-compose runs with exactly what .env.example says."""
    assert resolved_compose(no_env_file) == resolved_compose(BASE_DIR / ".env.example")


def test_compose_takes_settings_from_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=from-the-env-file\nALLOWED_HOSTS=portal.yc.example\nPOSTGRES_PASSWORD=pw\n")

    services = resolved_compose(env_file)["services"]

    assert services["web1"]["environment"]["SECRET_KEY"] == "from-the-env-file"
    assert services["worker"]["environment"]["ALLOWED_HOSTS"] == "portal.yc.example"
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == "pw"


def test_env_example_lists_every_setting_the_portal_reads():
    sources = "\n".join(path.read_text() for path in (BASE_DIR / "portal" / "settings").glob("*.py"))
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", sources)) | {"PORTAL_VAR_DIR"}
    example = (BASE_DIR / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))

    assert read - listed == set()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"} <= read


def test_every_env_example_setting_reaches_the_containers(no_env_file):
    services = resolved_compose(no_env_file)["services"]
    compose_only = {"POSTGRES_PASSWORD", "WEB_PORT"}

    for key, value in env_example_values().items():
        if key in compose_only:
            continue
        assert services["web1"]["environment"][key] == value, key


def test_web_healthcheck_command_passes_against_a_running_portal(no_env_file, live_server):
    """The exact script of the web healthcheck, pointed at a live server instead of the container's port."""
    script = resolved_compose(no_env_file)["services"]["web1"]["healthcheck"]["test"][-1]
    assert "http://127.0.0.1:8000" in script
    script = script.replace("http://127.0.0.1:8000", live_server.url)

    def run(allowed_hosts: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "ALLOWED_HOSTS": allowed_hosts}
        return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)

    passing = run("localhost,portal.example.kr")
    assert passing.returncode == 0, passing.stderr
    # A host the portal does not answer to fails the check: it does reach Django's host validation.
    assert run("not-this-portal.example").returncode != 0
