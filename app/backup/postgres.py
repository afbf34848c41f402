"""PostgreSQL side of backups: pg_dump of the configured schema, pg_restore into another.

pg_dump runs on a snapshot exported by a REPEATABLE READ transaction in which the row counts
are taken too, so the manifest's counts are those of the dump. pg_restore writes SQL with
schema-qualified names; restore re-targets them to the configured schema (statement lines
only: COPY data passes through untouched) and runs it in one transaction with psql.
"""
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.backup.common import BackupError, alembic_revision, row_counts


@dataclass
class Tools:
    pg_dump: str = "pg_dump"
    pg_restore: str = "pg_restore"
    psql: str = "psql"


def _error(message: str) -> Exception:
    return BackupError(message)


def libpq_env(url: sa.URL) -> dict[str, str]:
    """Connection settings for the client tools, passed in the environment (no password in `ps`)."""
    env = dict(os.environ)
    for key, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database),
                       ("PGSSLMODE", url.query.get("sslmode"))):
        if value is not None:
            env[key] = str(value)
    env.pop("PGOPTIONS", None)
    return env


def tool_major(tool: str) -> int:
    try:
        out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raise _error(f"{tool} was not found; install the PostgreSQL client tools.") from None
    match = re.search(r"\)\s*(\d+)", out)
    if not match:
        raise _error(f"Cannot read the version of {tool}: {out.strip()!r}.")
    return int(match.group(1))


def server_major(conn: sa.Connection) -> int:
    return int(conn.scalar(sa.text("SHOW server_version_num"))) // 10000


def check_dump_version(client: int, server: int) -> None:
    if client < server:
        raise _error(f"pg_dump is version {client} but the server runs PostgreSQL {server}: pg_dump "
                     f"cannot dump a newer server. Install the PostgreSQL {server} client tools.")


def schema_of(conn: sa.Connection) -> str:
    """The schema the app's tables live in: the first of the configured search_path."""
    current = conn.scalar(sa.text("SELECT current_schema()"))
    if current:
        return current
    for part in conn.scalar(sa.text("SHOW search_path")).split(","):
        part = part.strip()
        if part and part != '"$user"':
            return part.strip('"')
    return "public"


def dump(engine: Engine, destination: Path, tools: Tools) -> dict:
    client = tool_major(tools.pg_dump)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.scalar(sa.text("SELECT pg_export_snapshot()"))
            server = server_major(conn)
            check_dump_version(client, server)
            schema = schema_of(conn)
            facts = {"schema": schema, "server_version": server, "pg_dump_version": client,
                     "tables": row_counts(conn), "alembic_revision": alembic_revision(conn)}
            _run([tools.pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                  f"--schema={_quote(schema)}", f"--snapshot={snapshot}", f"--file={destination}"],
                 libpq_env(engine.url))
    if client != server:
        facts["warning"] = (f"pg_dump {client} differs from the server's PostgreSQL {server}: "
                            f"restore this backup with pg_restore {client} or newer.")
    return facts


def check_restore(manifest: dict, tools: Tools) -> list[str]:
    made_with = manifest["database"].get("pg_dump_version", 0)
    client = tool_major(tools.pg_restore)
    if client < made_with:
        raise _error(f"This backup was made with pg_dump {made_with}; pg_restore is version {client} "
                     f"and cannot read it. Install the PostgreSQL {made_with} client tools.")
    return []


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise _error(f"{Path(command[0]).name} failed: {last}")


def retarget(lines, source: str, target: str):
    """The restore SQL with `source.` names turned into `target.`; schema statements dropped."""
    names = {source.encode(), _quote(source).encode()}
    pattern = re.compile(rb'(?<![\w"])(' + b"|".join(re.escape(n) for n in names) + rb")\.")
    skip = re.compile(rb"^(CREATE|DROP|ALTER|COMMENT ON) SCHEMA ")
    replacement = _quote(target).encode() + b"."
    yield b"CREATE SCHEMA IF NOT EXISTS " + _quote(target).encode() + b";\n"
    in_copy = False
    for line in lines:
        if in_copy:
            in_copy = line != b"\\.\n"
            yield line
        elif skip.match(line):
            continue
        else:
            in_copy = line.startswith(b"COPY ") and line.rstrip().endswith(b"FROM stdin;")
            yield pattern.sub(lambda m: replacement, line)


def restore(engine: Engine, source: Path, dumped_schema: str, tools: Tools) -> None:
    with engine.connect() as conn:
        target = schema_of(conn)
    env = libpq_env(engine.url)
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        reader = subprocess.Popen([tools.pg_restore, "--no-owner", "--no-privileges", "--clean",
                                   "--if-exists", "--file=-", str(source)],
                                  stdout=subprocess.PIPE, stderr=restore_err, env=env)
        writer = subprocess.Popen([tools.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"],
                                  stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err, env=env)
        try:
            for line in retarget(reader.stdout, dumped_schema, target):
                writer.stdin.write(line)
        except BrokenPipeError:
            pass
        finally:
            writer.stdin.close()
            reader.stdout.close()
        for process, err in ((reader, restore_err), (writer, psql_err)):
            if process.wait() != 0:
                err.seek(0)
                last = (err.read().decode(errors="replace").strip().splitlines() or ["no message"])[-1]
                raise _error(f"{Path(process.args[0]).name} failed: {last}")
