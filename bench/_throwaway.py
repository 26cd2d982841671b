"""A throwaway database for a benchmark, on the server of DATABASE_URL, dropped afterwards come what may."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/musichub")


def url_for(name: str) -> str:
    return urlunsplit(urlsplit(SERVER)._replace(path=f"/{name}"))


def _recreate(name: str, *, drop_only: bool = False) -> None:
    connection = psycopg.connect(url_for("postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


@contextmanager
def throwaway_database(name: str, *, env: dict | None = None, django: bool = True):
    """Create and migrate the database; with django=True, set up Django in this process against it.

    Yields the environment (DATABASE_URL pointing at it) for child processes.
    """
    _recreate(name)
    env = {**os.environ, **(env or {}), "DATABASE_URL": url_for(name), "DEBUG": "1"}
    try:
        manage = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(manage, cwd=ROOT, env=env, check=True)
        if django:
            os.environ.update(env)
            sys.path.insert(0, str(ROOT))
            os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings"
            import django as django_module

            django_module.setup()
        yield env
    finally:
        if django:
            from django.db import connections

            connections.close_all()
        _recreate(name, drop_only=True)
