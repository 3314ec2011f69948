"""Fault drills (``make drills``): the portal under gunicorn, with a Celery worker, on a PostgreSQL cluster and a Redis
server that the drills start for themselves (ports 55432 and 56379), faced with four faults. See run.py."""
