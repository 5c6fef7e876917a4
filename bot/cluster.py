"""The scaled-out shape on one machine: PostgreSQL, Redis, two Rasa, two apps, nginx in front.

`make run-cluster` runs this. Every server comes from Debian's packages, is
started on loopback by this script with its data under var/cluster, and is
stopped on Ctrl-C. The same pieces are used by the cluster tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from bot.ports import free_port
from bot.processes import (
    Child,
    StackSecrets,
    StopSignal,
    http_status,
    spawn,
    start_actions,
    start_app,
    start_rasa,
    wait_until,
)
from bot.supervisor import RestartPolicy, Supervisor
from bot.train import model_path
from wegwijzer.config import settings_from

PACKAGES = ("postgresql", "redis-server", "nginx")
DB_USER = "wegwijzer"
APP_DB = "wegwijzer"
RASA_DB = "rasa"


class ClusterError(RuntimeError):
    """A server of the cluster could not be installed or started."""


def pg_bin() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return versions[-1].parent if versions else None


def missing_packages() -> list[str]:
    missing = []
    if pg_bin() is None:
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        missing.append("nginx")
    return missing


def ensure_packages() -> None:
    """Install what is missing from Debian's packages (needs root, as CI and make run have)."""
    missing = missing_packages()
    if not missing:
        return
    print(f"Installing {', '.join(missing)} from Debian's packages...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise ClusterError(f"cannot install {', '.join(missing)}: {exc}") from exc
    # Debian starts the packaged services; this project runs its own on other ports.
    for service in ("postgresql", "redis-server", "nginx"):
        subprocess.run(["service", service, "stop"], check=False, capture_output=True)


def _owned_by_postgres(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    shutil.chown(path, "postgres", "postgres")


def start_postgres(data: Path, port: int, log_path: Path) -> Child:
    binaries = pg_bin()
    if binaries is None:
        raise ClusterError("PostgreSQL is not installed")
    _owned_by_postgres(data)
    run_as: dict[str, Any] = {"user": "postgres", "group": "postgres"}
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            [str(binaries / "initdb"), "-D", str(data), "-U", DB_USER, "-A", "trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
            **run_as,
        )
    child = spawn(
        "postgres",
        [
            str(binaries / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(data),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "max_connections=200",
        ],
        log_path=log_path,
        **run_as,
    )
    wait_until(lambda: _pg_ready(binaries, port), [child], 60)
    for database in (APP_DB, RASA_DB):
        subprocess.run(
            [
                str(binaries / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                DB_USER,
                database,
            ],
            check=False,
            capture_output=True,
        )
    return child


def _pg_ready(binaries: Path, port: int) -> bool:
    result = subprocess.run(
        [str(binaries / "pg_isready"), "-h", "127.0.0.1", "-p", str(port), "-U", DB_USER],
        check=False,
        capture_output=True,
    )
    return result.returncode == 0


def start_redis(data: Path, port: int, log_path: Path) -> Child:
    data.mkdir(parents=True, exist_ok=True)
    child = spawn(
        "redis",
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(data),
        ],
        log_path=log_path,
    )
    wait_until(lambda: _redis_ready(port), [child], 30)
    return child


def _redis_ready(port: int) -> bool:
    result = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(port), "ping"], check=False, capture_output=True
    )
    return result.stdout.strip() == b"PONG"


def nginx_config(work: Path, port: int, app_ports: list[int]) -> Path:
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in app_ports)
    config = f"""
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  upstream wegwijzer {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://wegwijzer;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""
    path = work / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return path


def start_nginx(work: Path, port: int, app_ports: list[int]) -> Child:
    work.mkdir(parents=True, exist_ok=True)
    config = nginx_config(work, port, app_ports)
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    # nginx writes its own error log (nginx-error.log beside its configuration).
    return spawn("nginx", [binary, "-c", str(config), "-g", "daemon off;"], log_path=None)


@dataclass(frozen=True)
class ClusterUrls:
    database_url: str
    tracker_url: str
    redis_url: str


def urls(pg_port: int, redis_port: int) -> ClusterUrls:
    return ClusterUrls(
        database_url=f"postgresql+psycopg://{DB_USER}@127.0.0.1:{pg_port}/{APP_DB}",
        tracker_url=f"postgresql://{DB_USER}@127.0.0.1:{pg_port}/{RASA_DB}",
        redis_url=f"redis://127.0.0.1:{redis_port}/0",
    )


def start_cluster(
    work: Path,
    port: int,
    instances: int,
    pg_port: int,
    redis_port: int,
    *,
    app_env: Mapping[str, str] | None = None,
    policy: RestartPolicy | None = None,
) -> Supervisor:
    """PostgreSQL, Redis, `instances` x (Rasa + action server + app), nginx on `port`.

    Rasa i calls its own private action listener i; nginx spreads visitors over the
    apps, so consecutive turns of one conversation may meet different instances.
    Returns the supervisor that restarts any of them that dies (not yet running).
    """
    logs = work / "logs"
    state = work / "run" / "supervisor.json"
    # A state file left by an earlier run ("given up") would make /health fail at start.
    state.unlink(missing_ok=True)
    starts: list[tuple[str, Callable[[], Child], Child]] = []
    secrets = StackSecrets.generate()

    def begin(name: str, start: Callable[[], Child]) -> Child:
        child = start()
        starts.append((name, start, child))
        return child

    try:
        ensure_packages()
        begin("postgres", partial(start_postgres, work / "pg", pg_port, logs / "postgres.log"))
        begin("redis", partial(start_redis, work / "redis", redis_port, logs / "redis.log"))
        shared = urls(pg_port, redis_port)
        app_ports = []
        env = {
            "WEGWIJZER_DATABASE_URL": shared.database_url,
            "WEGWIJZER_REDIS_URL": shared.redis_url,
            # nginx on loopback is the one proxy whose X-Forwarded-For counts.
            "WEGWIJZER_FORWARDED_ALLOW_IPS": "127.0.0.1",
            "WEGWIJZER_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "WEGWIJZER_SUPERVISOR_STATE": str(state),
            **secrets.env(),
            **(app_env or {}),
        }
        for index in range(instances):
            rasa_port, app_port, actions_port = free_port(), free_port(), free_port()
            app_ports.append(app_port)
            number = index + 1
            begin(
                f"rasa{number}",
                partial(
                    start_rasa,
                    model_path(),
                    rasa_port,
                    action_url=f"http://127.0.0.1:{actions_port}/webhook",
                    secrets=secrets,
                    work=work / f"rasa{number}",
                    log_path=logs / f"rasa{number}.log",
                    tracker_url=shared.tracker_url,
                    redis_url=shared.redis_url,
                ),
            )
            begin(
                f"app{number}",
                partial(
                    start_app,
                    "127.0.0.1",
                    app_port,
                    f"http://127.0.0.1:{rasa_port}",
                    log_path=logs / f"app{number}.log",
                    extra_env=env,
                ),
            )
            if index == 0:  # the first app migrates the database before the others start
                wait_until(
                    partial(_answers, f"http://127.0.0.1:{app_port}/health"),
                    [child for _, _, child in starts],
                    120,
                )
            begin(
                f"actions{number}",
                partial(
                    start_actions,
                    "127.0.0.1",
                    actions_port,
                    log_path=logs / f"actions{number}.log",
                    extra_env=env,
                ),
            )
        begin("nginx", partial(start_nginx, work / "nginx", port, app_ports))
        wait_until(
            lambda: http_status(f"http://127.0.0.1:{port}/health") == 200,
            [child for _, _, child in starts],
            300,
        )
    except BaseException:
        for _, _, child in reversed(starts):
            child.stop()
        raise
    return Supervisor.of(starts, policy, state)


def _answers(url: str) -> bool:
    return http_status(url) is not None


def main() -> int:
    try:
        settings = settings_from()
        policy = RestartPolicy.from_env()
    except ValueError as exc:
        print(f"Configuration error:\n{exc}", file=sys.stderr)
        return 2
    port, instances = settings.port, settings.cluster_instances
    pg_port, redis_port = settings.cluster_pg_port, settings.cluster_redis_port
    work = settings.run_dir / "cluster"
    stop = StopSignal()
    print(
        f"Starting PostgreSQL (:{pg_port}), Redis (:{redis_port}), {instances} Rasa and "
        f"{instances} app instances and nginx; logs in {work / 'logs'}",
        flush=True,
    )
    supervisor: Supervisor | None = None
    try:
        supervisor = start_cluster(work, port, instances, pg_port, redis_port, policy=policy)
        print(
            f"\nWegwijzer (cluster) is ready: http://127.0.0.1:{port}/\n"
            "A part that stops is restarted. Press Ctrl-C to stop.",
            flush=True,
        )
        return supervisor.run(stop)
    except (ClusterError, RuntimeError, TimeoutError, subprocess.CalledProcessError) as exc:
        print(f"Cluster start-up failed: {exc}. See {work / 'logs'}.", file=sys.stderr)
        return 1
    finally:
        print("Stopping...", flush=True)
        if supervisor is not None:
            supervisor.stop_all()


if __name__ == "__main__":
    sys.exit(main())
