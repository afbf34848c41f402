"""Issue 15: the people picker's search-as-you-type endpoint (invitees, "referred by");
issue 18: the organisation picker's (a participant's organisation, a session's host)."""
from flask import jsonify, request

from app.recruitment import bp, services
from app.studies.access import study_action


@bp.route("/studies/<int:study_id>/participants/pick.json")
@study_action("participants.view")
def pick_participants(study):
    return jsonify(results=services.pick_participants(study, request.args.get("q", ""),
                                                      invitable_only=request.args.get("invitable") == "1"))


@bp.route("/studies/<int:study_id>/organisations/pick.json")
@study_action("study.view")
def pick_organisations(study):
    return jsonify(results=services.pick_organisations(study, request.args.get("q", "")))
