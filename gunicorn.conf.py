"""gunicorn's settings, one place for `make serve`, the benchmark (bench/run.py) and the load
test (loadtest/run.py), so that what is measured is what runs in production.

Threads (gthread): a request that takes long (the leadership workbook at thousands of
offices) holds one thread, not a whole worker, and an idle keep-alive connection holds none.
`WORKERS` (default: one per CPU), `THREADS` (per worker, default 4), `TIMEOUT` (seconds a
worker may go silent before the master replaces it, default 30) and `BIND` (default
127.0.0.1:8000) come from the environment.
"""

import os

bind = os.getenv("BIND") or "127.0.0.1:8000"
worker_class = "gthread"
workers = int(os.getenv("WORKERS") or os.cpu_count() or 2)
threads = int(os.getenv("THREADS") or 4)
timeout = int(os.getenv("TIMEOUT") or 30)
keepalive = 5
accesslog = "-"
