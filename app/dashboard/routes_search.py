"""Issue 15: the study search box in the header and its page of results, grouped by kind."""
from flask import g, render_template, request
from flask_login import current_user

from app.core import policy
from app.dashboard import bp
from app.dashboard.search import study_search
from app.studies.access import study_action


@bp.route("/studies/<int:study_id>/search")
@study_action("study.view")
def search(study):
    results = study_search(study, request.args.get("q", ""), g.membership.role, current_user)
    return render_template("dashboard/search.html", study=study, results=results,
                           sees_contacts=policy.grant(g.membership.role, "contacts.view") is not None)
