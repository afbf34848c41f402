"""The destruction request's form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length, Optional


class DestructionRequestForm(FlaskForm):
    reason = TextAreaField(_l("Reason (e.g. the retention period of the ethics approval has ended)"),
                           validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Request destruction"))
