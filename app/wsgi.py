"""The WSGI entry point for gunicorn (`gunicorn.conf.py` names it: `app.wsgi:serve()`).

Behind a reverse proxy the client's address and scheme arrive in X-Forwarded-For and
X-Forwarded-Proto. ProxyFix believes them for as many proxies as DALA_PROXY_HOPS says:
by default 0, so that without a proxy nobody can forge their address past the login rate
limits; set it to 1 when one reverse proxy (nginx) that overwrites X-Forwarded-For sits in front.
"""
import ctypes
import gc
import os

from flask import Flask
from flask_babel import force_locale, get_translations
from werkzeug.middleware.proxy_fix import ProxyFix

from app import create_app
from app.anonymise.ner import load_models
from app.core.crypto import keyring
from app.core.crypto.keys import KeyProblem
from app.core.extensions import db
from app.core.templating import display_locale


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
    prepare(app, ner=os.environ.get("DALA_PRELOAD_NER", "1") != "0")
    return behind_proxy(app, proxy_hops())


def prepare(app: Flask, ner: bool = True) -> None:
    """Everything a worker would otherwise load at its first requests, loaded once in the
    master before the fork (shared copy-on-write, and no slow first requests in each worker):
    the NER models, every template compiled, each language's catalogue and Babel's locale
    data. Then no database connection is left open to be shared across the fork, and the
    loaded objects are moved out of the collector's reach (gc.freeze): a worker's garbage
    collections then never write to, and so copy, the pages it shares with the master. With
    glibc, large blocks (128 kB and more) are mapped apart and given back when freed, from the
    start (M_MMAP_THRESHOLD below), and the heap's free pages are returned before the fork."""
    libc = _glibc()
    if libc is not None:  # before the models: their loading frees tens of MB of large buffers
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    if ner:
        load_models()
    warm_templates(app)
    with app.app_context():
        db.engine.dispose()
    gc.collect()
    if libc is not None:
        libc.malloc_trim(0)  # the heap's free pages back to the system before they are shared
    gc.freeze()


# glibc's malloc serves a block of MMAP_THRESHOLD bytes or more with a mapping of its own, given
# back to the system when freed. By default it raises that threshold (up to 32 MB) each time such
# a block is freed, so that later large blocks come from the heap and stay there once freed: the
# master's loading (the NER models' buffers, freed after use) left ~17 MB of freed heap resident
# in the master, under every worker, which copied its pages as it reused them. A fixed threshold
# (mallopt, which also stops the raising) returns them: the master's anonymous memory 239 -> 221
# MB, the web tier's PSS after bench/load.py 397-399 -> 374 MB (bench/memory.py, issue 18).
M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept


def _glibc():
    """The C library when it is glibc (mallopt, malloc_trim), else None (musl, macOS)."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return None
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except (ValueError, OSError, AttributeError):
        return None


def warm_templates(app: Flask) -> int:
    """Compile every template and load every language's catalogue and date formats; returns
    the number of templates. Templates are not watched for changes when served (auto_reload
    off: no stat of the file at each render)."""
    app.jinja_env.auto_reload = False
    names = [name for name in app.jinja_env.list_templates() if name.endswith((".html", ".txt", ".xml"))]
    for name in names:
        app.jinja_env.get_template(name)
    with app.test_request_context():
        for language in ["en", *app.config.get("LANGUAGES", [])]:
            with force_locale(language):
                get_translations()
                locale = display_locale()
                locale.date_formats, locale.time_formats, locale.datetime_formats  # noqa: B018 (loads them)
    return len(names)
