"""Translated words for the exports area's codes (registered in app.core.labels)."""
from flask_babel import lazy_gettext as _l

from app.exports.models import BundleFormat

FORMAT_LABELS = {BundleFormat.ZIP: _l("ZIP: texts, metadata, log, README, manifest"),
                 BundleFormat.QDPX: _l("REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder")}

# The category words of pseudonym placeholders, for a study that wants them in the transcript's
# language: the code's prefix -> its word, written in capitals like the codes ([PERSON-2]).
PLACEHOLDER_LABELS = {
    "PERSON": _l("PERSON"),
    "ORG": _l("ORG"),
    "PLACE": _l("PLACE"),
    "CONTACT": _l("CONTACT"),
    "ID": _l("ID"),
    "DATE": _l("DATE"),
    "OTHER": _l("OTHER"),
    "STAFF": _l("STAFF"),
}
WITHHELD_MARKER = _l("[turn withheld: no consent to archiving and sharing]")

LABELS = {"bundle_format": FORMAT_LABELS, "placeholder": PLACEHOLDER_LABELS}
