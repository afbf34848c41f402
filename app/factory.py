"""The application factory: create_app and its register steps (re-exported by app/__init__.py)."""
import importlib
import os
import pkgutil
from pathlib import Path

from flask import Flask

from config import CONFIGS, Config, instance_secret

# The domain packages, lowest first (docs/architecture.md): each defines `bp` in __init__.py,
# its views in routes.py and routes_<area>.py, its code words in labels.py.
DOMAIN_PACKAGES = ["auth", "studies", "recruitment", "fieldwork", "consent", "instruments",
                   "transcripts", "exports", "retention", "dashboard", "audit"]


def create_app(config_class: type[Config] | None = None) -> Flask:
    config_class = config_class or CONFIGS[os.environ.get("DALA_CONFIG", "development")]
    app = Flask("app", template_folder="../templates",
                instance_path=str(Path(config_class.INSTANCE_PATH).resolve()))
    app.config.from_object(config_class)
    check_config(app)
    register_extensions(app)
    register_domains(app)
    register_cli(app)
    register_templating(app)
    register_security(app)
    register_error_handlers(app)
    register_logging(app)
    return app


def check_config(app: Flask) -> None:
    if not app.config.get("SECRET_KEY") and app.config.get("GENERATE_SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))
    if not app.config.get("LANGUAGES"):
        app.config["LANGUAGES"] = available_languages(Path(app.root_path) / "translations")
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set; production refuses to start without one.")
    Path(app.config["UPLOAD_FOLDER"]).mkdir(parents=True, exist_ok=True)


def available_languages(folder: Path) -> list[str]:
    """English (the source language) and every language with a catalogue."""
    found = sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir()) if folder.is_dir() else []
    return ["en"] + [code for code in found if code != "en"]


def register_extensions(app: Flask) -> None:
    from app.studies.access import load_user  # the user, and on a study's page the membership too
    from app.core import crypto, jobs, storage
    from app.core.extensions import (
        babel,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
        select_locale,
    )

    from app.core.integrity import guard_study_boundaries
    from app.core.sqlite import enforce_foreign_keys
    from app.core.locales import RequestDomain, install_template_gettext, install_wtforms_words

    enforce_foreign_keys()  # SQLite: foreign keys and ondelete rules on every connection
    guard_study_boundaries()  # no row points at a record of another study
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = RequestDomain()  # the catalogue found once per request (app/core/locales.py)
    install_template_gettext(app, babel.domain_instance)  # templates' words in one call each
    install_wtforms_words(app)  # WTForms' messages read once per language, not at every request
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.user_loader(load_user)
    crypto.init_app(app)
    storage.init_app(app)
    jobs.init_app(app)
    import app.models  # noqa: F401  (every table known to Alembic and the tests)


def register_domains(app: Flask) -> None:
    """Each domain's views and blueprint; then what the domains tell each other (app.wiring)."""
    from app.core.pages import register_pages
    from app.wiring import wire

    for name in DOMAIN_PACKAGES:
        package = importlib.import_module(f"app.{name}")
        for module in pkgutil.iter_modules(package.__path__):
            if module.name == "routes" or module.name.startswith("routes_"):
                importlib.import_module(f"app.{name}.{module.name}")
        app.register_blueprint(package.bp)
    register_pages(app)
    wire(app)


def register_cli(app: Flask) -> None:
    from app.cli import register_cli as register

    register(app)


def register_templating(app: Flask) -> None:
    from app.core.templating import install_kept_url_for, register_template_helpers

    register_template_helpers(app)
    install_kept_url_for(app)  # after the blueprints: their url_defaults, if any, keep Flask's url_for


def register_security(app: Flask) -> None:
    from app.core.security import register_security_headers

    register_security_headers(app)


def register_error_handlers(app: Flask) -> None:
    from app.core.errors import register_error_handlers as register

    register(app)


def register_logging(app: Flask) -> None:
    from app.core.logs import register_logging as register

    register(app)
