"""Password checks per second per core of the hashers the portal keeps (docs/proof.md): a tiny script, not a test.

    .venv/bin/python bench/password_hashers.py

Counts CPU time of this process (time.process_time), so that other work on the machine does not slow the figure.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

import django

django.setup()

from django.contrib.auth.hashers import get_hashers  # noqa: E402

PASSWORD = "ahn-yeong-2027-cheon"
SECONDS = float(os.environ.get("HASHER_SECONDS", "5"))


def main() -> None:
    for hasher in get_hashers()[:2]:  # Argon2 (new hashes) and PBKDF2 (old ones, rehashed at sign-in)
        encoded = hasher.encode(PASSWORD, hasher.salt())
        checks, start, wall = 0, time.process_time(), time.perf_counter()
        while time.process_time() - start < SECONDS:
            assert hasher.verify(PASSWORD, encoded)
            checks += 1
        cpu = (time.process_time() - start) / checks
        latency = (time.perf_counter() - wall) / checks
        params = {
            name: getattr(hasher, name)
            for name in ("time_cost", "memory_cost", "parallelism", "iterations")
            if hasattr(hasher, name)
        }
        print(
            f"{hasher.algorithm:14} {params}: {cpu * 1000:.0f} ms of CPU per check ({1 / cpu:.1f} checks/s per core), "
            f"{latency * 1000:.0f} ms per check on the clock"
        )


if __name__ == "__main__":
    main()
