"""Dala: fieldwork management for qualitative research."""
import importlib
import importlib.util
import os
from pathlib import Path

from flask import Flask

from config import CONFIGS, Config, instance_secret


def create_app(config_class: type[Config] | None = None) -> Flask:
    config_class = config_class or CONFIGS[os.environ.get("DALA_CONFIG", "development")]
    app = Flask(__name__, template_folder="../templates",
                instance_path=str(Path(config_class.INSTANCE_PATH).resolve()))
    app.config.from_object(config_class)
    check_config(app)
    register_extensions(app)
    register_blueprints(app)
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
    from app.auth.services import load_user
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.user_loader(load_user)
    import app.models  # noqa: F401  (every table known to Alembic and the tests)


# Each domain package defines `bp` in __init__.py; its routes modules, where present,
# are imported here so that adding a routes.py is all a new area needs.
DOMAIN_PACKAGES = ["auth", "studies", "audit", "recruitment", "fieldwork", "consent",
                   "instruments", "transcripts", "exports"]
ROUTE_MODULES = ["routes", "admin_routes"]


def register_blueprints(app: Flask) -> None:
    from app.auth import admin_bp

    for package in DOMAIN_PACKAGES:
        for module in ROUTE_MODULES:
            if importlib.util.find_spec(f"app.{package}.{module}") is not None:
                importlib.import_module(f"app.{package}.{module}")
        app.register_blueprint(importlib.import_module(f"app.{package}").bp)
    app.register_blueprint(admin_bp)
    from app.pages import register_pages

    register_pages(app)


def register_cli(app: Flask) -> None:
    from app.cli import register_cli as register

    register(app)


def register_templating(app: Flask) -> None:
    from app.templating import register_template_helpers

    register_template_helpers(app)


def register_security(app: Flask) -> None:
    from app.security import register_security_headers

    register_security_headers(app)


def register_error_handlers(app: Flask) -> None:
    from app.errors import register_error_handlers as register

    register(app)


def register_logging(app: Flask) -> None:
    from app.logs import register_logging as register

    register(app)
