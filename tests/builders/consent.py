"""Consent forms and versions, consent records with their scans, withdrawals and the ethics
reviewer's notes, through the consent services (rule 4: nothing approved changes in place)."""
import io
from datetime import date, timedelta

from pypdf import PdfWriter

from app.consent import review, services, versions
from app.consent.models import ConsentMethod, WithdrawalScope
from app.consent.uploads import store_scan
from app.core import jobs
from app.core.extensions import db
from app.studies.models import Study
from tests.builders.clock import today

FORM_TEXTS = {"en": "You are invited to take part.", "ru": "Приглашаем вас принять участие.",
              "kk": "Сізді зерттеуге қатысуға шақырамыз."}


def blank_pdf() -> bytes:
    """A fictional scan of a signed form: one blank A4 page."""
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def _today_of(record) -> date:
    """Today in the time zone of the study the record belongs to."""
    return today(db.session.get(Study, record.study_id))


class ConsentFactories:
    def report_job(self, study, actor=None, *, lang: str = "en"):
        """The ethics report printed as the web asks for it: a background job (run at once in the tests)."""
        # imported here: its desk queries alias the models, which needs them all mapped first
        from app.consent import background

        job = jobs.enqueue(background.REPORT, background.report_params(lang, None), study.id, actor)
        db.session.commit()
        jobs.dispatch(job.id)
        db.session.expire_all()
        return db.session.get(jobs.Job, job.id)

    def consent_version(self, study, author=None, reviewer=None, *, approve: bool = True,
                        approved_on: date | None = None, title: str = "Информированное согласие",
                        texts: dict | None = None, based_on=None):
        """A form's version with its text, submitted and approved by `reviewer` (or the author)
        unless `approve` is false; `based_on` makes the next version of that form."""
        version = (versions.new_version_from(based_on, author) if based_on
                   else versions.create_form(study, title, author))
        versions.update_draft(version, author, texts or FORM_TEXTS, version.items)
        if approve:
            versions.submit(version, author)
            versions.approve(version, reviewer or author, approved_on or today(study) - timedelta(days=60), "OK")
        db.session.commit()
        return version

    def retire_consent_version(self, version, reviewer, on: date | None = None):
        versions.retire(version, reviewer, on or _today_of(version))
        db.session.commit()
        return version

    def scan(self, data: bytes | None = None):
        """A stored scan (a blank PDF page unless `data`), ready for a consent record."""
        return store_scan(io.BytesIO(data or blank_pdf()))

    def consent(self, participant, version, obtained_by, *, day: date | None = None,
                method: ConsentMethod = ConsentMethod.ORAL_RECORDED, no=(), scan=None, supersedes=None,
                reason: str | None = None, actor=None):
        """A consent record saying yes to every item except those in `no` (item keys)."""
        answers = {key: key not in no for key in version.item_keys}
        record = services.record_consent(participant, version, day or _today_of(participant) - timedelta(days=30), method,
                                         obtained_by, answers, actor or obtained_by, scan=scan,
                                         supersedes=supersedes, reason=reason)
        db.session.commit()
        return record

    def withdrawal(self, participant, actor=None, *, on: date | None = None,
                   scope: WithdrawalScope = WithdrawalScope.WITHDRAW_DATA, note: str | None = None):
        withdrawal = services.withdraw(participant, on or _today_of(participant), scope, actor, note)
        db.session.commit()
        return withdrawal

    def consent_reviewed(self, record, reviewer, note: str | None = None):
        done = review.mark_reviewed(record, reviewer, note)
        db.session.commit()
        return done

    def consent_query(self, record, reviewer, question: str, *, answered_by=None, answer: str | None = None):
        """The reviewer's query on a record and, when `answer` is given, the answer to it."""
        query = review.raise_query(record, reviewer, question)
        if answer:
            review.answer_query(record, answered_by, answer)
        db.session.commit()
        return query
