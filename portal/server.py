"""`annual-report serve`: the portal on uvicorn, beside a Prefect server it starts and supervises.

Unless PREFECT_API_URL is set, builds are recorded on the local server of the workspace's Prefect home
(flows/local_server.py), held while the portal runs; with the local server off (ANNUAL_REPORT_DAEMON=off), a
`prefect server start` runs on a free loopback port for as long as the portal does (restarted if it dies,
stopped when the portal stops). Its UI is linked from the builds page. Prefect is imported once, before the portal answers, so a build pays neither
the import nor a temporary server.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import typer

from annual_report.config.workspace import Workspace
from annual_report.outputs.forked import die_with_parent
from flows.local_server import Hold
from flows.prefect_process import answers, free_port


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """The Prefect server gets SIGTERM if the portal dies without stopping it (Linux)."""
    die_with_parent(signal.SIGTERM)


class PrefectServer:
    """A supervised `prefect server start` on 127.0.0.1."""

    def __init__(self, log: Path, port: int | None = None) -> None:
        self.log, self.port = log, port or free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.ui_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self.restarts = 0

    def _spawn(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        # The UI is a page in the browser that calls the API: it must be told where the API is, or it calls
        # the default port 4200 and shows nothing.
        env = {**os.environ, "PREFECT_UI_API_URL": self.api_url, "PREFECT_UI_URL": self.ui_url}
        with self.log.open("ab") as sink:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                 "--port", str(self.port)], env=env,
                stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None)

    def healthy(self) -> bool:
        return answers(self.api_url)

    def start(self, timeout: float = 120.0) -> None:
        """Start the server and wait until it answers; RuntimeError (naming the log) if it does not."""
        self._spawn()
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"Prefect 服务器未能启动，见 {self.log}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Prefect 服务器 {timeout:.0f} 秒内未就绪，见 {self.log}")
            time.sleep(0.25)
        threading.Thread(target=self._watch, name="prefect-server-watch", daemon=True).start()

    def _watch(self) -> None:
        """Restart the server if it exits while the portal runs (at most once a minute)."""
        while not self._stopping.wait(2.0):
            if self._process is not None and self._process.poll() is not None:
                self.restarts += 1
                print(f"注意：Prefect 服务器已退出（{self._process.returncode}），正在重新启动", file=sys.stderr, flush=True)
                self._spawn()
                self._stopping.wait(60.0)

    def stop(self) -> None:
        self._stopping.set()
        process = self._process
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def prepare_prefect(ws: Workspace) -> tuple[PrefectServer | Hold | None, str]:
    """Point this process at a Prefect server (unless PREFECT_API_URL is set: the local server of the
    workspace's Prefect home, held while the portal runs, or with the local server off one of its own), import
    the flow once; return what to stop at the end (or None) and the UI's address."""
    from flows import local_server, runtime

    runtime.configure(ws.prefect_home)
    server: PrefectServer | Hold | None = None
    if not os.environ.get("PREFECT_API_URL"):
        from portal.store import portal_dir

        if local_server.wanted():
            typer.echo("正在连接本地 Prefect 服务器（未运行则启动）……")
            try:
                server = local_server.hold(Path(os.environ["PREFECT_HOME"]))
            except local_server.DaemonError as exc:
                typer.echo(f"错误：{exc}", err=True)
                raise typer.Exit(1) from None
        else:
            server = PrefectServer(portal_dir(ws.root) / "prefect-server.log")
            typer.echo(f"正在启动 Prefect 服务器（127.0.0.1:{server.port}）……")
            server.start()
        os.environ["PREFECT_API_URL"] = server.api_url
        os.environ.setdefault("PREFECT_UI_URL", server.ui_url)
    ui = os.environ.get("PREFECT_UI_URL") or os.environ["PREFECT_API_URL"].removesuffix("/").removesuffix("/api")
    import flows.build_report  # noqa: F401 - Prefect's import cost, paid before the first build

    return server, ui


def run_portal(workspace: Path, *, host: str, port: int, out: Path, url: str | None, session_hours: float,
               use_prefect: bool) -> None:
    """Serve until interrupted; the Prefect server (if ours) stops with the portal."""
    import uvicorn

    from annual_report.config.workspace import WorkspaceError, load_workspace
    from portal.app import create_app
    from portal.builds import plain_builder, prefect_builder
    from portal.context import Options
    from portal.store import open_store

    try:
        ws = load_workspace(workspace)  # an unusable workspace fails before any server starts
    except WorkspaceError as exc:
        typer.echo(f"错误：{exc}", err=True)
        raise typer.Exit(2) from None
    address = (url or f"http://{host}:{port}").rstrip("/")
    if url is None and host in ("0.0.0.0", "::"):
        typer.echo("注意：监听所有地址时请用 --url 写明单位访问的网址（单位链接和下载链接以它开头）", err=True)
    server, ui = prepare_prefect(ws) if use_prefect else (None, None)
    try:
        app = create_app(workspace, out, builder=prefect_builder if use_prefect else plain_builder,
                         options=Options(url=address, session_hours=session_hours, prefect_ui=ui))
        store = open_store(workspace)
        typer.echo(f"报送系统：{address}（办公室登录 {address}/login）")
        if ui:
            typer.echo(f"Prefect 界面：{ui}")
        if not store.rows("SELECT 1 FROM users WHERE active = 1"):
            typer.echo(f"还没有办公室账号：annual-report portal user add 用户名 --role admin -w {workspace}")
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
        app.state.portal.builds.wait(timeout=300)
    finally:
        if server is not None:
            server.stop()
