"""Translated labels for the recruitment enums, shared by forms, templates and CSV."""
from flask_babel import lazy_gettext as _l

from app.recruitment.models import Gender, RecruitmentStatus, Sector, TargetKind

SECTOR_LABELS = {
    Sector.CENTRAL_GOVERNMENT: _l("Central government agency"),
    Sector.LOCAL_AUTHORITY: _l("Local authority"),
    Sector.CIVIL_SOCIETY: _l("Civil society organisation"),
    Sector.INTERNATIONAL: _l("International organisation"),
    Sector.PRIVATE_SECTOR: _l("Private sector"),
    Sector.ACADEMIC: _l("Academic"),
    Sector.OTHER: _l("Other"),
}
RECRUITMENT_LABELS = {
    RecruitmentStatus.IDENTIFIED: _l("Identified"),
    RecruitmentStatus.CONTACTED: _l("Contacted"),
    RecruitmentStatus.AGREED: _l("Agreed"),
    RecruitmentStatus.SCHEDULED: _l("Scheduled"),
    RecruitmentStatus.PARTICIPATED: _l("Participated"),
    RecruitmentStatus.DECLINED: _l("Declined"),
    RecruitmentStatus.WITHDRAWN: _l("Withdrawn"),
    RecruitmentStatus.UNREACHABLE: _l("Unreachable"),
}
# The named actions a user takes on a participant, and the status each leads to.
STATUS_ACTIONS = {
    RecruitmentStatus.IDENTIFIED: _l("Back to identified"),
    RecruitmentStatus.CONTACTED: _l("Mark contacted"),
    RecruitmentStatus.AGREED: _l("Mark agreed"),
    RecruitmentStatus.SCHEDULED: _l("Mark scheduled"),
    RecruitmentStatus.PARTICIPATED: _l("Mark participated"),
    RecruitmentStatus.DECLINED: _l("Mark declined"),
    RecruitmentStatus.WITHDRAWN: _l("Mark withdrawn"),
    RecruitmentStatus.UNREACHABLE: _l("Mark unreachable"),
}
GENDER_LABELS = {
    Gender.FEMALE: _l("Female"),
    Gender.MALE: _l("Male"),
    Gender.OTHER: _l("Other"),
    Gender.UNDISCLOSED: _l("Not disclosed"),
}
TARGET_KIND_LABELS = {
    TargetKind.SESSIONS: _l("Sessions"),
    TargetKind.PARTICIPANTS: _l("Participants"),
}
LABELS = {"sector": SECTOR_LABELS, "recruitment": RECRUITMENT_LABELS, "gender": GENDER_LABELS,
          "target_kind": TARGET_KIND_LABELS}
