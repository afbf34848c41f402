"""Issue 15: axe-core (vendored from npm, tests/e2e/vendor) over the main pages as each role at
390 and 1280 px: no violation of WCAG 2.1 A or AA. The page's CSP is relaxed for this test only
(Playwright's bypass_csp), so the script can be injected; the app's CSP is unchanged."""
from pathlib import Path

import pytest

from tests.builders import DEFAULT_PASSWORD

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _pages(w):
    s = f"/studies/{w['study'].id}"
    return {
        "coordinator": [f"{s}/", f"{s}/participants", f"{s}/participants/{w['participant'].id}",
                        f"{s}/participants/new", f"{s}/organisations", f"{s}/sessions",
                        f"{s}/sessions/{w['coming'].id}", f"{s}/sessions/new", f"{s}/calendar", f"{s}/targets",
                        f"{s}/consent/forms", f"{s}/consent/versions/{w['consent_version'].id}",
                        f"{s}/consent/versions/{w['consent_version'].id}/compare?with={w['consent_v1'].id}",
                        f"{s}/consent", f"{s}/ethics", f"{s}/transcripts/", f"{s}/transcripts/{w['transcript'].id}",
                        f"{s}/bundles", f"{s}/bundles/{w['bundle'].id}", f"{s}/audit", f"{s}/members",
                        f"{s}/search?q=P0", "/account", f"{s}/organisations/{w['organisation'].id}",
                        f"{s}/participants/{w['participant'].id}/consent", f"{s}/consent/records/{w['consent_record'].id}",
                        f"{s}/sessions/{w['session'].id}/consent", f"{s}/instruments/",
                        f"{s}/instruments/versions/{w['guide'].id}", f"{s}/instruments/sessions",
                        f"{s}/sessions/{w['session'].id}/answers", f"{s}/protocols", f"{s}/import",
                        f"{s}/calendar?view=month", f"{s}/transcripts/key", f"{s}/my-sessions"],
        "fieldworker": [f"{s}/", f"{s}/my-sessions", f"{s}/sessions/{w['awaiting'].id}",
                        f"{s}/sessions/{w['awaiting'].id}/complete", f"{s}/participants",
                        f"{s}/transcripts/{w['transcript'].id}", f"{s}/consent", f"{s}/search?q=P0"],
        "reviewer": [f"{s}/", f"{s}/ethics", f"{s}/ethics?filtered=1", f"{s}/consent/forms",
                     f"{s}/consent/versions/{w['consent_version'].id}", f"{s}/participants", f"{s}/audit",
                     f"{s}/search?q=P0"],
    }


@pytest.fixture(scope="module")
def axe_source():
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("role", ["coordinator", "fieldworker", "reviewer"])
def test_no_wcag_a_or_aa_violation(browser, live_server, world, axe_source, role, width):
    context = browser.new_context(base_url=live_server, bypass_csp=True, locale="en-GB",
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    found = []
    try:
        page.goto("/login")
        page.get_by_label("E-mail").fill(world[role].email)
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="My studies").wait_for()
        for url in _pages(world)[role]:
            response = page.goto(url)
            assert response.status == 200, url
            page.wait_for_load_state("load")
            page.evaluate(axe_source)
            violations = page.evaluate("""async (tags) => {
                const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return result.violations.map(v => v.id + ' (' + v.impact + '): ' +
                    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
            }""", TAGS)
            found += [f"{url}: {v}" for v in violations]
    finally:
        context.close()
    assert found == [], "\n".join(found)
