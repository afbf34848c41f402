"""The 26 real XLSForms of ../shared/interop/xlsforms (KoboToolbox, ODK, pyxform, UNHCR, HOT,
OpenGIS): none crashes, the three that are not survey forms are refused saying why, every other
keeps at least 90% of its rows with a reason for each row left out, and its export converts with
pyxform and reads back as the same instrument."""
import io

import pytest
from pyxform.xls2xform import convert

from app.core.extensions import db
from app.instruments import exchange, services
from app.instruments.models import InstrumentKind
from app.instruments.xlsform import XLSFormError, ordered, write_xlsform
from tests.instruments.conftest import make_session
from tests.support.shared import shared_dir

FOLDER = shared_dir() / "interop" / "xlsforms"
FORMS = sorted(p.name for p in FOLDER.glob("*.xlsx"))
REFUSED = {
    "kobo_collection_import_sample.xlsx": "question library",
    "kobo_form_meta.xlsx": "only device metadata",
    "hotosm_simple_building_survey_wildfires.xlsx": "save it as .xlsx",
}


def shape(data: dict) -> list:
    """What makes the instrument: every section and question in order, without the row numbers
    and positions a workbook gives."""
    out = []
    for step, item, depth in ordered(data):
        if step == "question":
            out.append(("q", depth, {k: item.get(k) for k in exchange.QUESTION_KEYS}))
        elif step == "begin":
            out.append(("s", depth, item.get("name") or None, item["title"], item.get("kind"), item.get("relevant"),
                        item.get("xlsform")))
    return out


def test_all_26_forms_are_here():
    assert len(FORMS) == 26


@pytest.mark.database_free  # reads and writes workbooks; the context is for the messages' language
@pytest.mark.parametrize("name", FORMS)
def test_a_real_form_imports_or_is_refused_with_its_reason(name, ctx):
    content = (FOLDER / name).read_bytes()
    if name in REFUSED:
        with pytest.raises(XLSFormError, match=REFUSED[name]):
            exchange.read_checked(content)
        return
    parsed = exchange.read_checked(content)
    assert all(p.reason for p in parsed.problems + parsed.notes)
    assert len(parsed.problems) <= 0.1 * parsed.rows(), [(p.row, p.reason) for p in parsed.problems]
    workbook = write_xlsform(parsed.data)
    convert(xlsform=io.BytesIO(workbook), file_type=".xlsx", warnings=[])
    again = exchange.read_checked(workbook)
    assert again.problems == []
    assert shape(again.data) == shape(parsed.data)
    assert again.data["xlsform"]["choice_lists"] == parsed.data["xlsform"]["choice_lists"]


@pytest.mark.parametrize("name", ["kobo_sample_xlsform.xlsx", "hotosm_slum_assessment_survey.xlsx",
                                  "unhcr_demo.xlsx", "opengis_survey_household_water.xlsx"])
def test_a_real_form_stored_and_exported_is_the_same_form_one_version_up(name, team):
    parsed = exchange.read_checked((FOLDER / name).read_bytes())
    version = exchange.import_parsed(team["study"], parsed, None, InstrumentKind.QUESTIONNAIRE)
    db.session.commit()
    stored = exchange.version_to_data(version)
    assert shape(stored) == shape(parsed.data)
    assert stored["form_id"] == (parsed.data["form_id"] or f"dala_{version.instrument_id}")
    workbook = exchange.export_xlsform(version)  # pyxform converts it, or this raises
    again = exchange.read_checked(workbook)
    assert shape(again.data) == shape(parsed.data)
    assert again.data["version"] != parsed.data["version"]


@pytest.mark.parametrize("name", ["hotosm_slum_assessment_survey.xlsx", "unhcr_demo.xlsx",
                                  "opengis_survey_individual_assistance_pda.xlsx", "kobo_repeat_group_merge.xlsx"])
def test_a_real_form_is_answered_in_the_browser_form(name, team, login):
    parsed = exchange.read_checked((FOLDER / name).read_bytes())
    version = exchange.import_parsed(team["study"], parsed, None, InstrumentKind.STRUCTURED_INTERVIEW)
    services.approve(version, team["reviewer"])
    db.session.commit()
    session = make_session(team["study"], team["fieldworker"], version)
    url = f"/studies/{team['study'].id}/sessions/{session.id}/answers/{session.attendees[0].id}"
    client = login(team["fieldworker"])
    page = client.get(url)
    assert page.status_code == 200 and "data-form-logic" in page.get_data(as_text=True)
    response = client.post(url, data={"action": "draft", "version": "0"})
    assert response.status_code == 302
