"""Configuration classes; settings come from environment variables."""
import os
import secrets
import tempfile
from pathlib import Path

from platformdirs import user_config_dir

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("DALA_INSTANCE", BASE_DIR / "instance"))


def instance_secret(instance_dir: Path) -> str:
    """A per-installation key kept in the instance folder, so a laptop install survives restarts."""
    instance_dir.mkdir(parents=True, exist_ok=True)
    path = instance_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'dala.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY = os.environ.get("SECRET_KEY")
    INSTANCE_PATH = str(INSTANCE_DIR)
    UPLOAD_FOLDER = os.environ.get("DALA_UPLOADS", str(INSTANCE_DIR / "uploads"))
    # Where stored files live: "folder" (UPLOAD_FOLDER, one laptop) or "db" (the database, for
    # several app servers with no shared disk); `flask storage migrate --to db|folder` moves them.
    STORAGE = os.environ.get("DALA_STORAGE", "folder")
    # Bundles built before stored files went through app.core.storage (read, then adopted, from here).
    BUNDLE_FOLDER = os.environ.get("DALA_BUNDLES", str(INSTANCE_DIR / "bundles"))
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    # None: English plus every catalogue under app/translations (adding kk needs no code change).
    LANGUAGES: list[str] | None = None
    BABEL_DEFAULT_LOCALE = "en"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_FAILURES_PER_ACCOUNT = "5 per 15 minutes"
    LOGIN_FAILURES_PER_ADDRESS = "20 per 15 minutes"
    PER_PAGE = 50
    # Encryption at rest (app/core/crypto): the master key from DALA_MASTER_KEY, else the file
    # master.key in KEY_FOLDER (the user's configuration folder), with the keystore of per-study
    # key-encryption keys beside it; never in the instance folder, the database or a backup.
    MASTER_KEY = os.environ.get("DALA_MASTER_KEY")
    KEY_FOLDER = os.environ.get("DALA_KEY_FOLDER") or user_config_dir("dala", appauthor=False)
    ENCRYPTION = True
    # Background jobs (app/core/jobs.py): the queue in an SQLite file of the instance folder, or
    # Redis when DALA_JOBS_REDIS_URL is set (several machines); `flask jobs worker` runs them.
    JOBS_BACKEND = os.environ.get("DALA_JOBS_BACKEND") or None
    JOBS_REDIS_URL = os.environ.get("DALA_JOBS_REDIS_URL") or None
    JOBS_SQLITE_PATH = os.environ.get("DALA_JOBS_QUEUE") or str(INSTANCE_DIR / "jobs-queue.sqlite3")
    # A period with more sessions than this gets its protocols in a background job.
    PROTOCOLS_INLINE_MAX = 3


class DevelopmentConfig(Config):
    GENERATE_SECRET_KEY = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DALA_TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    # argon2id (time_cost, memory_cost KiB, parallelism): cheap, so the suite stays fast.
    ARGON2_COST = (1, 64, 1)
    RATELIMIT_ENABLED = True
    # A throwaway master key and keystore for the run (tests that need others make their own).
    MASTER_KEY = "dGVzdC1vbmx5LW1hc3Rlci1rZXktbm90LXNlY3JldCE="
    # Subprocesses the tests start inherit the folder through the environment.
    KEY_FOLDER = os.environ.get("DALA_TEST_KEY_FOLDER") or os.environ.setdefault(
        "DALA_TEST_KEY_FOLDER", tempfile.mkdtemp(prefix="dala-test-keys-"))
    # Jobs run at dispatch, in the request (tests/core/test_jobs.py also runs a real worker).
    JOBS_BACKEND = "immediate"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
