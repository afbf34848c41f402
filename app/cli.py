"""Command-line tools: users, studies, the audit chain and the demo study."""
import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from app.anonymise.cli import anonymise_cli
from app.auth import services as accounts
from app.backup.cli import register_backup_cli
from app.core.audit import services as audit
from app.core.crypto.cli import keys_cli
from app.core.extensions import db
from app.core.jobs import jobs_cli
from app.core.storage.cli import storage_cli
from app.dashboard.cli import dashboard_cli
from app.demo import DEMO_PASSWORD, build_demo, database_is_empty, existing_demo_logins
from app.exports.cli import bundle_cli
from app.exports.cli import protocol as protocol_cli
from app.instruments.cli import instruments_cli
from app.retention import services as retention
from app.retention.cli import retention_cli
from app.studies import services as studies
from app.studies.models import Study


def register_cli(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(studies_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(anonymise_cli)
    app.cli.add_command(instruments_cli)
    app.cli.add_command(bundle_cli)
    app.cli.add_command(protocol_cli)
    app.cli.add_command(storage_cli)
    app.cli.add_command(keys_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(dashboard_cli)
    app.cli.add_command(jobs_cli)
    register_backup_cli(app)


@click.group("users", cls=AppGroup, help="Manage user accounts.")
def users_cli() -> None:
    pass


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["admin", "user"]), default="user", show_default=True)
@click.password_option(help="Prompted for when not given.")
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create a user; admins create other users and studies."""
    try:
        user = accounts.create_user(email, name, password, is_admin=role == "admin")
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {role} {user.email} (id {user.id}).")


@click.group("studies", cls=AppGroup, help="Inspect studies.")
def studies_cli() -> None:
    pass


@studies_cli.command("close")
@click.argument("study_id", type=int)
def close_study(study_id: int) -> None:
    """Close a study (fieldwork and analysis over); its retention periods count from its end date."""
    study = db.session.get(Study, study_id)
    if study is None:
        raise click.ClickException(f"No study {study_id}.")
    try:
        retention.close_study(study, None)
    except retention.RetentionError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Study {study_id} is closed.")


@studies_cli.command("list")
def list_studies() -> None:
    """Print each study's id, status and title, one a line."""
    for study in studies.all_studies():
        click.echo(f"{study.id}\t{study.status.value}\t{study.title}")


@click.group("audit", cls=AppGroup, help="The audit trail.")
def audit_cli() -> None:
    pass


@audit_cli.command("verify")
def verify() -> None:
    """Check the hash chain of every audit event; exit 1 at the first broken one."""
    report = audit.verify_chain()
    if not report.intact:
        raise click.ClickException(
            f"Audit chain broken at event {report.broken_event_id}: {report.reason} "
            f"({report.checked} events before it are intact)."
        )
    click.echo(f"Audit chain intact: {report.checked} events.")


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def demo_command(if_empty: bool) -> None:
    """Build the fictional demo study and print its logins."""
    if if_empty and not database_is_empty():
        logins = existing_demo_logins()
        click.echo("The database already has data; it was kept.")
        if logins:
            click.echo(f"Demo logins (password for all, unless changed: {DEMO_PASSWORD}):")
    else:
        logins = build_demo()
        db.session.commit()
        click.echo(f"Demo study loaded. Logins (password for all: {DEMO_PASSWORD}):")
    for role, email in logins:
        click.echo(f"  {role:<16} {email}")
