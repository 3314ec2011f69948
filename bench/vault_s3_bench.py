"""The vault's storage on an S3-compatible server: two "web servers" (two storages, each its own S3 client) share a
bucket; one stores 1 MB documents, the other reads them back (checksums compared) and deletes them.

A benchmark, not a test: it prints figures. The server is moto's (loopback, MOTO_PORT or 8175), an in-memory
Python server: the figures say what the portal's side costs and that nothing is lost, not what MinIO would do.

Usage: .venv/bin/python bench/vault_s3_bench.py [count]
"""

import hashlib
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[0] = str(BASE_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

import django  # noqa: E402

django.setup()

import boto3  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402

from applications.storage import S3VaultStorage  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    port = int(os.environ.get("MOTO_PORT", "8175"))
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("moto did not start") from None
                time.sleep(0.05)
        options = {
            "bucket_name": "bench-vault",
            "endpoint_url": f"http://127.0.0.1:{port}",
            "access_key": "bench",
            "secret_key": "bench",
            "region_name": "us-east-1",
            "addressing_style": "path",
        }
        boto3.client(
            "s3",
            endpoint_url=options["endpoint_url"],
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
            region_name="us-east-1",
        ).create_bucket(Bucket="bench-vault")
        server_a, server_b = S3VaultStorage(**options), S3VaultStorage(**options)
        writes, reads, deletes, mismatches = [], [], [], 0
        started = time.perf_counter()
        for n in range(count):
            content = os.urandom(1024 * 1024)
            digest = hashlib.sha256(content).hexdigest()
            t0 = time.perf_counter()
            name = server_a.save(f"vault/bench/{n}.pdf", ContentFile(content))
            t1 = time.perf_counter()
            with server_b.open(name, "rb") as handle:
                mismatches += hashlib.sha256(handle.read()).hexdigest() != digest
            t2 = time.perf_counter()
            server_b.delete(name)
            t3 = time.perf_counter()
            writes.append(t1 - t0)
            reads.append(t2 - t1)
            deletes.append(t3 - t2)
        elapsed = time.perf_counter() - started
        left = server_a.listdir("vault/bench")[1]

        def ms(values, q):
            return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else values[0] * 1000

        print(f"{count} documents of 1 MB in {elapsed:.1f} s ({count / elapsed:.1f} round trips/s)")
        for label, values in (
            ("write (server A)", writes),
            ("read + SHA-256 (server B)", reads),
            ("delete (B)", deletes),
        ):
            print(f"  {label}: p50 {ms(values, 50):.0f} ms, p99 {ms(values, 99):.0f} ms")
        print(f"  checksum mismatches: {mismatches}; objects left after delete: {len(left)}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
