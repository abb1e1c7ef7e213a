"""Run the app under gunicorn with the repository's gunicorn.conf.py, for the
benchmark, load and fault tests: start it, wait until it answers, follow its
workers' memory, stop it, or kill it hard.

gunicorn runs in a session of its own, so the master and its workers form one
process group that SIGKILL can take down at once, as a crash would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def memory_mb(pid: int) -> tuple[float, float] | None:
    """(private, peak resident) memory of a process in MB, or None when it is
    gone. Private is what the process has allocated for itself (RssAnon): the
    resident set also counts file pages it maps, such as SQLite's
    memory-mapped database file, which the operating system's page cache shares
    between processes and can drop at will."""
    try:
        fields = dict(line.split(":", 1) for line in
                      Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
        return (int(fields["RssAnon"].split()[0]) / 1024,
                int(fields["VmHWM"].split()[0]) / 1024)
    except (OSError, KeyError, ValueError):
        return None


class Server:
    def __init__(self, env: dict[str, str], port: int | None = None,
                 wsgi_app: str | None = None, log_path: Path | None = None):
        self.port = port or free_port()
        self.env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.wsgi_app = wsgi_app
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.peak_mb: dict[int, float] = {}      # private memory, per worker
        self.peak_rss_mb: dict[int, float] = {}  # resident set, per worker
        self._watching = threading.Event()
        self._watcher: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> None:
        command = [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py")]
        if self.wsgi_app:
            command.append(self.wsgi_app)
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,  # noqa: S603
                                        stderr=subprocess.STDOUT, start_new_session=True)
        if self.log_path:
            log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see "
                                   f"{self.log_path or 'its output'}")
            with contextlib.suppress(OSError, urllib.error.URLError), \
                    urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200 and len(self.workers()) >= 1:
                    return
            time.sleep(0.2)
        self.kill()
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def workers(self) -> list[int]:
        return children(self.process.pid) if self.process else []

    def workers_cpu(self) -> dict[int, float]:
        """CPU seconds (user + system) each worker has used so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        used = {}
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            used[pid] = (int(fields[11]) + int(fields[12])) / ticks
        return used

    def sample_memory(self) -> None:
        for pid in self.workers():
            found = memory_mb(pid)
            if found is not None:
                self.peak_mb[pid] = max(self.peak_mb.get(pid, 0.0), found[0])
                self.peak_rss_mb[pid] = max(self.peak_rss_mb.get(pid, 0.0), found[1])

    def watch_memory(self, every: float = 0.5) -> None:
        """Sample the workers' peak memory in the background until stopped
        (workers are recycled now and then, so one look at the end is not enough)."""
        self._watching.set()

        def loop():
            while self._watching.is_set():
                self.sample_memory()
                time.sleep(every)

        self._watcher = threading.Thread(target=loop, daemon=True)
        self._watcher.start()

    def stop_watching(self) -> None:
        self._watching.clear()
        if self._watcher:
            self._watcher.join()
        self.sample_memory()

    def stop(self, timeout: float = 30) -> None:
        """A graceful shutdown (SIGTERM to the master)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once, as a crash."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
