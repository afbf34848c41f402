"""Transcript pages: the list, upload, speaker mapping, span review and approval."""
from collections import Counter

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.core import concurrency, keyset
from app.core.downloads import chosen_flavour, csv_response, interface_language
from app.core.extensions import db
from app.core.formutils import EmptyForm, db_int
from app.core.views import attempt, flash_outcome
from app.fieldwork.models import FieldSession
from app.studies.access import authorize, get_in_study_or_404, study_action
from app.transcripts import bp, keys, layouts, pending
from app.transcripts import review as reviewing
from app.transcripts import services as transcripts
from app.transcripts.forms import (
    CATEGORY_LABELS,
    DECISION_LABELS,
    LANGUAGE_LABELS,
    STATUS_LABELS,
    AddSpanForm,
    DecisionForm,
    EditSpanForm,
    PreviewForm,
    ReopenForm,
    UploadForm,
)
from app.transcripts.models import (
    Decision,
    KeyEntry,
    Transcript,
    TranscriptSpan,
    TranscriptStatus,
    Turn,
    TurnKind,
)

SORTS = {"uploaded": Transcript.uploaded_at, "session": FieldSession.code,
         "status": Transcript.status, "language": Transcript.language}
URL = "/studies/<int:study_id>/transcripts"
PREVIEW_TURNS = 300  # turns shown in an upload's preview (every unattributed one is listed)


@bp.context_processor
def labels() -> dict:
    return {"status_labels": STATUS_LABELS, "decision_labels": DECISION_LABELS,
            "category_labels": CATEGORY_LABELS, "language_labels": LANGUAGE_LABELS}


@bp.errorhandler(StaleDataError)
def concurrent_change(error):
    """Two people changed one transcript at once: the later change is refused, not merged."""
    db.session.rollback()
    flash(_("Someone else changed this transcript at the same moment; your change was not "
            "saved. Look at it again and repeat it."), "error")
    args = request.view_args or {}
    if "transcript_id" in args:
        return redirect(url_for("transcripts.detail", study_id=args["study_id"],
                                transcript_id=args["transcript_id"]))
    return redirect(url_for("transcripts.index", study_id=args.get("study_id")))


@bp.route(URL + "/")
@study_action("raw_transcripts.view")
def index(study):
    """The transcripts of the sessions the member may see, sorted and paged in SQL."""
    sort = request.args.get("sort", "uploaded")
    direction = "asc" if request.args.get("dir") == "asc" else "desc"
    column = SORTS.get(sort, Transcript.uploaded_at)
    query = (transcripts.visible_transcripts(current_user, g.membership.role, study)
             .join(FieldSession, FieldSession.id == Transcript.session_id)
             .options(selectinload(Transcript.session)))
    order = keyset.keys(column, *([] if sort == "uploaded" else [Transcript.uploaded_at]), Transcript.id,
                        direction=direction)
    page = keyset.from_request(query, order, current_app.config["PER_PAGE"])
    pending = transcripts.pending_counts([t.id for t in page.items])
    return render_template("transcripts/index.html", study=study, page=page, pending=pending,
                           sort=sort, direction=direction)


@bp.url_value_preprocessor
def _preview_form_limit(endpoint, _values):
    """The preview's confirmation carries the uploaded file back: it may be as large as the file.
    (This runs before the CSRF check reads the form.)"""
    if endpoint == "transcripts.upload_confirm":
        request.max_form_memory_size = pending.form_limit(_max_bytes())


@bp.route(URL + "/new", methods=["GET", "POST"])
@study_action("raw_transcripts.edit")
def upload(study):
    """Upload a transcript file to one of the member's sessions; a preview comes first."""
    role = g.membership.role
    sessions = transcripts.sessions_for(current_user, role, study, limit=transcripts.UPLOAD_SESSION_CHOICES)
    asked = request.args.get("session_id", type=db_int)
    if request.method == "POST":
        asked = request.form.get("session_id", type=db_int)
    chosen = transcripts.upload_session(current_user, role, study, asked)
    form = UploadForm(sessions, study.timezone, chosen=chosen,
                      session_id=request.args.get("session_id", type=db_int))
    if form.validate_on_submit():
        session = get_in_study_or_404(FieldSession, form.session_id.data, study)
        data = form.file.data.read()
        try:
            preview = transcripts.preview_upload(session, form.file.data.filename, data, max_bytes=_max_bytes())
        except transcripts.TranscriptError as error:
            form.file.errors = [str(error)]
        else:
            confirm = PreviewForm(session_id=session.id, language=form.language.data,
                                  part_label=form.part_label.data or "", filename=form.file.data.filename,
                                  payload=pending.pack(data), layout=preview.parsed.layout)
            return _render_preview(study, session, preview, confirm)
    return render_template("transcripts/upload.html", study=study, form=form, sessions=sessions)


@bp.route(URL + "/new/preview", methods=["POST"])
@study_action("raw_transcripts.edit")
def upload_confirm(study):
    """Read the previewed file in another layout, or store it with the speakers confirmed."""
    form = PreviewForm()
    form.layout.choices = [(layout.code, layout.name) for layout in layouts.LAYOUTS]
    session = transcripts.upload_session(current_user, g.membership.role, study,
                                         db_int(form.session_id.data) if form.session_id.data else None)
    if not form.validate_on_submit() or session is None:
        flash(_("The preview could not be read back; upload the file again."), "error")
        return redirect(url_for("transcripts.upload", study_id=study.id))
    try:
        data = pending.unpack(form.payload.data, _max_bytes())
    except pending.PayloadError:
        flash(_("The preview could not be read back; upload the file again."), "error")
        return redirect(url_for("transcripts.upload", study_id=study.id))
    layout = form.layout.data or None
    if request.form.get("action") == "store":
        mapping = {request.form.get(f"label-{i}", ""): request.form.get(f"map-{i}", "")
                   for i in range(min(request.form.get("speakers", 0, type=int), layouts.MAX_SPEAKERS))}
        outcome = attempt(lambda: transcripts.upload_transcript(
            session, form.filename.data, data, form.language.data, current_user, ner=_ner(),
            max_bytes=_max_bytes(), layout=layout, part_label=form.part_label.data, mapping=mapping))
        if outcome.done:
            _flash_upload(outcome.value)
            return redirect(url_for("transcripts.detail", study_id=study.id, transcript_id=outcome.value.id))
        flash(outcome.error, "error")
    try:
        preview = transcripts.preview_upload(session, form.filename.data, data, max_bytes=_max_bytes(),
                                             layout=layout)
    except transcripts.TranscriptError as error:
        flash(str(error), "error")
        preview = transcripts.preview_upload(session, form.filename.data, data, max_bytes=_max_bytes())
        form.layout.data = preview.parsed.layout
    return _render_preview(study, session, preview, form)


def _render_preview(study, session, preview, form: PreviewForm):
    form.layout.choices = [(c.layout.code, c.layout.name) for c in preview.candidates]
    return render_template("transcripts/preview.html", study=study, session=session, preview=preview,
                           form=form, choices=transcripts.speaker_choices(session),
                           not_speech=transcripts.NOT_SPEECH, shown=PREVIEW_TURNS)


def _flash_upload(transcript: Transcript) -> None:
    flash(ngettext("Transcript uploaded: %(num)d turn.", "Transcript uploaded: %(num)d turns.",
                   len(transcript.turns)), "success")
    loose = len(transcripts.unattributed_turns(transcript))
    if loose:
        flash(ngettext("%(num)d line has no speaker yet: assign it below before approval.",
                       "%(num)d lines have no speaker yet: assign them below before approval.", loose),
              "warning")


@bp.route(URL + "/<int:transcript_id>")
@study_action("raw_transcripts.view")
def detail(study, transcript_id: int):
    """The review page: speakers, highlighted spans, decisions, approval."""
    return _render_detail(study, _load(study, transcript_id))


@bp.route(URL + "/<int:transcript_id>/speakers", methods=["POST"])
@study_action("raw_transcripts.edit")
def speakers(study, transcript_id: int):
    transcript = _load(study, transcript_id)
    if EmptyForm().validate_on_submit():
        mapping = {s.id: request.form.get(f"speaker-{s.id}", "") for s in transcript.speakers}
        outcome = attempt(lambda: transcripts.map_speakers(transcript, mapping, current_user, ner=_ner()))
        if outcome.done:
            _flash_mapping(transcript)
        else:
            flash(outcome.error, "error")
    return _back(study, transcript)


@bp.route(URL + "/<int:transcript_id>/turns", methods=["POST"])
@study_action("raw_transcripts.edit")
def assign_turns(study, transcript_id: int):
    """Give lines without a speaker to a speaker, or mark them as not speech."""
    transcript = _load(study, transcript_id)
    if EmptyForm().validate_on_submit():
        loose = [t for t in transcript.turns if t.kind != TurnKind.SPEECH]
        every = request.form.get("every", "")
        choices = {t.id: request.form.get(f"turn-{t.id}", "") or (every if t.kind == TurnKind.UNATTRIBUTED else "")
                   for t in loose}
        outcome = attempt(lambda: transcripts.assign_turns(transcript, choices, current_user))
        if outcome.done:
            message = ngettext("%(num)d line assigned.", "%(num)d lines assigned.", outcome.value)
            left = len(transcripts.unattributed_turns(transcript))
            if left:
                message += " " + ngettext("%(num)d line still has no speaker.",
                                          "%(num)d lines still have no speaker.", left)
            flash(message, "success")
        else:
            flash(outcome.error, "error")
    return _back(study, transcript)


def _flash_mapping(transcript: Transcript) -> None:
    unmapped = transcripts.unmapped_labels(transcript)
    if unmapped:
        flash(_("Speakers saved. Still to map before review: %(labels)s.",
                labels=", ".join(unmapped)), "warning")
    else:
        flash(ngettext("Speakers saved. %(num)d span found for review.",
                       "Speakers saved. %(num)d spans found for review.", len(transcript.spans)), "success")


@bp.route(URL + "/<int:transcript_id>/spans/<int:span_id>/decide", methods=["POST"])
@study_action("raw_transcripts.edit")
def decide(study, transcript_id: int, span_id: int):
    transcript = _load(study, transcript_id)
    span = _span(transcript, span_id)
    form = DecisionForm()
    action = {"accept": Decision.ACCEPTED, "reject": Decision.REJECTED}.get(form.action.data)
    as_json = _wants_json()
    if not form.validate_on_submit() or action is None:
        if as_json:
            return jsonify(ok=False, message=_("Choose accept or reject.")), 400
        flash(_("Choose accept or reject."), "error")
        return _back(study, transcript, span)
    outcome = attempt(lambda: reviewing.decide(transcript, span, action, current_user, form.everywhere.data,
                                               request.form.get("version")))
    stale_labels = {"decision": _("Decision"), "category": _("Category"),
                    "start": _("From character"), "end": _("To character")}
    if as_json:  # issue 15: the review page updates in place (review.js); the forms still post without it
        return _decision_json(transcript, span, outcome, stale_labels)
    if not outcome.done:
        flash_outcome(outcome, "", stale_labels)
        return _back(study, transcript, span)
    if len(outcome.value) > 1:
        flash(ngettext("Decision applied to %(num)d occurrence.", "Decision applied to %(num)d occurrences.",
                       len(outcome.value)), "success")
    return _back(study, transcript, reviewing.next_pending(reviewing.load_spans(transcript), span))


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _decision_json(transcript: Transcript, span: TranscriptSpan, outcome, stale_labels: dict):
    """What review.js needs to update the page: each decided span, what is left, where to go next."""
    if not outcome.done:
        message = concurrency.summary(outcome.stale, stale_labels) if outcome.stale else outcome.error
        return jsonify(ok=False, message=message), 409 if outcome.stale else 422
    spans = reviewing.load_spans(transcript)
    raw = transcript.raw_text
    following = reviewing.next_pending(spans, span)
    pending = sum(s.decision == Decision.PENDING for s in spans)
    decided = [{"id": s.id, "decision": s.decision.value, "label": DECISION_LABELS[s.decision.value],
                "category": CATEGORY_LABELS[s.category], "version": s.version} for s in outcome.value]
    words = span.covered(raw)
    said = (_("Accepted: %(words)s.", words=words) if span.decision == Decision.ACCEPTED
            else _("Rejected: %(words)s.", words=words))
    if len(outcome.value) > 1:
        said += " " + ngettext("Decision applied to %(num)d occurrence.", "Decision applied to %(num)d occurrences.",
                               len(outcome.value))
    left = ngettext("%(num)d span is not reviewed yet.", "%(num)d spans are not reviewed yet.", pending) \
        if pending else _("Every span is reviewed.")
    return jsonify(ok=True, decided=decided, pending=pending, next=following.id if following else None,
                   transcript_version=transcript.version, message=f"{said} {left}",
                   pending_text=_("%(count)s not reviewed", count=pending))


@bp.route(URL + "/<int:transcript_id>/spans/<int:span_id>/edit", methods=["GET", "POST"])
@study_action("raw_transcripts.edit")
def edit_span(study, transcript_id: int, span_id: int):
    """Change a span's category or boundaries (an edited span is accepted)."""
    transcript = _load(study, transcript_id)
    span = _span(transcript, span_id)
    form = EditSpanForm(obj=span)
    stale = None
    as_json = request.method == "POST" and _wants_json()
    if as_json and not form.validate_on_submit():  # issue 15: the review page's inline edit, by fetch
        problems = [e for field in form for e in field.errors]
        return jsonify(ok=False, message=" ".join(str(p) for p in problems) or _("Check the span's fields.")), 422
    if form.validate_on_submit():
        outcome = attempt(lambda: reviewing.edit_span(
            transcript, span, form.category.data, form.start.data, form.end.data,
            current_user, request.form.get("version"), request.form.get("loaded")))
        if as_json:
            if outcome.done:
                return jsonify(ok=True, span=span.id, message=_("Span changed and accepted."))
            message = (concurrency.summary(outcome.stale, concurrency.labels_of(form)) if outcome.stale
                       else outcome.error)
            return jsonify(ok=False, message=message), 409 if outcome.stale else 422
        if outcome.done:
            flash(_("Span changed and accepted."), "success")
            return _back(study, transcript, span)
        stale = outcome.stale
        if outcome.error:
            form.start.errors = [outcome.error]
    raw = transcript.raw_text
    context = (raw[max(0, span.start - 80):span.start], raw[span.start:span.end],
               raw[span.end:span.end + 80])
    guard = concurrency.guard(span, reviewing.SPAN_GUARD_FIELDS, None if stale else request.form)
    return render_template("transcripts/edit_span.html", study=study, transcript=transcript,
                           span=span, form=form, context=context, guard=guard, stale=stale,
                           labels=concurrency.labels_of(form) | {"decision": _("Decision")})


@bp.route(URL + "/<int:transcript_id>/spans/add", methods=["POST"])
@study_action("raw_transcripts.edit")
def add_span(study, transcript_id: int):
    """Add a span from a selection (start, end) or from its exact text."""
    transcript = _load(study, transcript_id)
    form = AddSpanForm(prefix="add")
    if form.validate_on_submit():
        outcome = attempt(lambda: reviewing.add_span(
            transcript, form.category.data, current_user, start=form.start.data, end=form.end.data,
            text=form.text.data or "", everywhere=form.everywhere.data))
        if outcome.done:
            flash(ngettext("%(num)d span added.", "%(num)d spans added.", len(outcome.value)), "success")
            return _back(study, transcript, outcome.value[0])
        form.text.errors = [outcome.error]
    return _render_detail(study, transcript, add_form=form)


@bp.route(URL + "/<int:transcript_id>/approve", methods=["POST"])
@study_action("raw_transcripts.edit")
def approve(study, transcript_id: int):
    transcript = _load(study, transcript_id)
    if EmptyForm().validate_on_submit():
        flash_outcome(attempt(lambda: transcripts.approve(
            transcript, current_user, seen_version=request.form.get("version", type=db_int))),
            _("Transcript approved; the anonymised text is stored."))
    return _back(study, transcript)


@bp.route(URL + "/<int:transcript_id>/reopen", methods=["POST"])
@study_action("raw_transcripts.edit")
def reopen(study, transcript_id: int):
    """Move an approved transcript back to review, with a reason (audited)."""
    transcript = authorize("raw_transcripts.edit", _load(study, transcript_id))
    form = ReopenForm(prefix="reopen")
    if form.validate_on_submit():
        outcome = attempt(lambda: transcripts.reopen(transcript, current_user, form.reason.data))
        if outcome.done:
            flash(_("Transcript reopened for review; approve it again once the review is done."), "success")
            return _back(study, transcript)
        form.reason.errors = [outcome.error]
    return _render_detail(study, transcript, reopen_form=form)


@bp.route(URL + "/key")
@study_action("key.download")
def key(study):
    """The study's pseudonym key: real names and their pseudonyms (coordinators only)."""
    query = sa.select(KeyEntry).where(KeyEntry.study_id == study.id)
    order = keyset.keys(KeyEntry.category, KeyEntry.pseudonym, KeyEntry.id)
    page = keyset.from_request(query, order, current_app.config["PER_PAGE"])
    return render_template("transcripts/key.html", study=study, page=page)


@bp.route(URL + "/key.csv")
@study_action("key.download")
def key_csv(study):
    """The key as CSV (UTF-8 with BOM so Excel keeps Cyrillic); each download is audited."""
    body = keys.key_csv(study, current_user, chosen_flavour(), interface_language())
    db.session.commit()
    return csv_response(body, f"key-study-{study.id}.csv", no_store=True)


def _max_bytes() -> int:
    return current_app.config.get("TRANSCRIPT_MAX_BYTES", 5 * 1024 * 1024)


def _ner() -> bool:
    return current_app.config.get("ANONYMISE_NER", True)


def _load(study, transcript_id: int) -> Transcript:
    return get_in_study_or_404(Transcript, transcript_id, study, action="raw_transcripts.view")


def _span(transcript: Transcript, span_id: int) -> TranscriptSpan:
    span = db.session.get(TranscriptSpan, span_id)
    if span is None or span.transcript_id != transcript.id:
        abort(404)
    return span


def _back(study, transcript: Transcript, span: TranscriptSpan | None = None):
    anchor = f"span-{span.id}" if span is not None and span.id else None
    return redirect(url_for("transcripts.detail", study_id=study.id,
                            transcript_id=transcript.id, _anchor=anchor))


def _render_detail(study, transcript: Transcript, add_form: AddSpanForm | None = None,
                   reopen_form: ReopenForm | None = None):
    turns = list(db.session.scalars(
        sa.select(Turn).where(Turn.transcript_id == transcript.id)
        .options(selectinload(Turn.speaker)).order_by(Turn.position)))
    spans = reviewing.load_spans(transcript)
    raw = transcript.raw_text
    counts = Counter(s.covered(raw).casefold() for s in spans)
    return render_template(
        "transcripts/detail.html", study=study, transcript=transcript, turns=turns, spans=spans,
        segments={t.id: reviewing.segments(raw, t.start, t.end, spans) for t in turns},
        occurrences={s.id: counts[s.covered(raw).casefold()] for s in spans},
        pending=sum(s.decision == Decision.PENDING for s in spans),
        unmapped=transcripts.unmapped_labels(transcript), Status=TranscriptStatus, Kind=TurnKind,
        loose=[t for t in turns if t.kind == TurnKind.UNATTRIBUTED],
        not_speech=transcripts.NOT_SPEECH, same_as_before=transcripts.SAME_AS_BEFORE,
        layout=layouts.by_code(transcript.layout),
        choices=transcripts.speaker_choices(transcript.session), empty_form=EmptyForm(),
        decision_form=DecisionForm(), add_form=add_form or AddSpanForm(prefix="add"),
        category_choices=CATEGORY_LABELS, reopen_form=reopen_form or ReopenForm(prefix="reopen", formdata=None))
