"""Code words of the retention area."""
from flask_babel import lazy_gettext as _l

LABELS = {
    "destruction_status": {
        "requested": _l("requested, awaiting countersignature"),
        "done": _l("done"),
        "cancelled": _l("cancelled"),
    },
}
