"""The benchmark harness of ``make bench`` (see bench/run.py) and its seed data generator."""
