"""Translated words for the exports area's codes (registered in app.core.labels)."""
from flask_babel import lazy_gettext as _l

from app.exports.models import BundleFormat

FORMAT_LABELS = {BundleFormat.ZIP: _l("ZIP: texts, metadata, log, README, manifest"),
                 BundleFormat.QDPX: _l("REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder")}

LABELS = {"bundle_format": FORMAT_LABELS}
