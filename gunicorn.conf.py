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


# The task worker (`manage.py db_worker`: the large leadership workbooks, exports.py), started
# with the server and started again should it stop (e.g. when the database restarts under it).
# TASK_WORKER=0 when it runs as a service of its own (the benchmark starts its own).
_task_worker = {"process": None, "stopping": False}


def _end_with_the_server():
    """In the worker's process before it runs (Linux): SIGTERM when the server's process ends,
    even if it is killed without its on_exit hook, so that no worker outlives its server."""
    import ctypes
    import signal

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _supervise_task_worker():
    import subprocess
    import sys
    import time

    while not _task_worker["stopping"]:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--verbosity", "1"],
            preexec_fn=_end_with_the_server if sys.platform == "linux" else None,
        )
        _task_worker["process"] = process
        process.wait()
        if not _task_worker["stopping"]:
            time.sleep(2)


def when_ready(server):
    if os.getenv("TASK_WORKER", "1") != "0":
        import threading

        threading.Thread(target=_supervise_task_worker, daemon=True).start()


def on_exit(server):
    _task_worker["stopping"] = True
    process = _task_worker["process"]
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except Exception:  # still finishing a workbook: it is started again with the server
            process.kill()
