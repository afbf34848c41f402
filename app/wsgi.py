"""The WSGI entry point for gunicorn (`gunicorn.conf.py` names it: `app.wsgi:serve()`).

Behind a reverse proxy the client's address and scheme arrive in X-Forwarded-For and
X-Forwarded-Proto. ProxyFix believes them for as many proxies as DALA_PROXY_HOPS says:
by default 0, so that without a proxy nobody can forge their address past the login rate
limits; set it to 1 when one reverse proxy (nginx) that overwrites X-Forwarded-For sits in front.
"""
import gc
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import create_app
from app.anonymise.ner import load_models
from app.core.crypto import keyring
from app.core.crypto.keys import KeyProblem
from app.core.extensions import db


def behind_proxy(app: Flask, hops: int) -> Flask:
    """Trust `hops` proxies for the client's address, scheme, host and port."""
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    return app


def proxy_hops() -> int:
    raw = os.environ.get("DALA_PROXY_HOPS", "0")
    if not raw.isdigit():
        raise SystemExit(f"DALA_PROXY_HOPS must be a whole number of proxies (0, 1, 2...), not {raw!r}.")
    return int(raw)


def serve() -> Flask:
    """The application as gunicorn serves it (configuration from DALA_CONFIG and the environment);
    it refuses to start without a usable master key (encryption at rest).

    gunicorn loads it once in its master (`preload_app`, gunicorn.conf.py), before forking the
    workers: the NER models are loaded here so that every worker shares their memory
    (copy-on-write) instead of loading its own, and no database connection is left open to
    be shared across the fork."""
    app = create_app()
    try:
        keyring.current_of(app).master()
    except KeyProblem as problem:
        raise SystemExit(f"Dala will not start: {problem}") from None
    app = behind_proxy(app, proxy_hops())
    if os.environ.get("DALA_PRELOAD_NER", "1") != "0":
        load_models()
    with app.app_context():
        db.engine.dispose()
    # Everything loaded so far is moved out of the collector's reach: a worker's garbage
    # collections then never write to (and so copy) the pages it shares with the master.
    gc.collect()
    gc.freeze()
    return app
