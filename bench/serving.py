"""Production on loopback, shared by the benchmark (bench/run.py) and the load test
(loadtest/run.py): the settings of a production server (DEBUG off, a fresh secret key,
persistent connections) over plain HTTP on 127.0.0.1, and gunicorn started with the
settings `make serve` uses (gunicorn.conf.py: worker class, workers, threads, timeout)."""

import os
import runpy
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"


def loopback_env(database_url, settings="officereports.settings", **extra):
    """The environment of a production server reached over plain HTTP on loopback."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": settings,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP: no redirect to HTTPS, no secure-only cookies, no HSTS.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        # One server: each worker's own memory cache, whatever the caller's environment says.
        "REDIS_URL": "",
        **extra,
    }


def gunicorn_settings(env=None):
    """What gunicorn.conf.py gives under `env` (added to this process's environment)."""
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        found = runpy.run_path(str(CONFIG))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {k: found[k] for k in ("worker_class", "workers", "threads", "timeout", "keepalive")}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py officereports.wsgi` on 127.0.0.1:`port`, with `env`
    (e.g. from `loopback_env`, plus WORKERS or THREADS to override the defaults)."""

    def __init__(self, env, port=None, log=None, access_log="-"):
        self.env = {k: str(v) for k, v in env.items()}
        self.port = port or free_port()
        self.log, self.access_log = log, access_log
        self.settings = gunicorn_settings(self.env)
        self.process = None

    @property
    def command(self):
        return [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(CONFIG),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--access-logfile",
            str(self.access_log),
            "officereports.wsgi",
        ]

    def start(self, seconds=60):
        """Start and wait until every worker is up and the port answers."""
        out = open(self.log, "w") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            if len(self.workers()) == self.settings["workers"]:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return self
                except OSError:
                    pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start within {seconds} s; see {self.log}")

    def workers(self):
        """The master's children: its workers."""
        try:
            path = f"/proc/{self.process.pid}/task/{self.process.pid}/children"
            return {int(pid) for pid in Path(path).read_text().split()}
        except FileNotFoundError:
            return set()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
