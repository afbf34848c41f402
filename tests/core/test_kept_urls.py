"""Addresses in pages are built once and kept (app.core.templating.kept_url_for): a kept address
is the one url_for builds for the same request, also when the app is served under another
root or host, and for values url_for writes differently (True is not 1, a list of values)."""
from flask import render_template_string, url_for
from markupsafe import escape


CASES = [("studies.index", {}),
         ("static", {"filename": "css/dala.css"}),
         ("recruitment.participant_detail", {"study_id": 3, "participant_id": 42}),
         ("recruitment.participants", {"study_id": 3, "stale": True}),
         ("recruitment.participants", {"study_id": 3, "stale": 1}),
         ("recruitment.participants", {"study_id": 3, "status": ["contacted", "agreed"]}),
         ("recruitment.participants", {"study_id": 3, "_anchor": "list"}),
         ("recruitment.participants", {"study_id": 3, "_external": True})]


def _rendered(app, base_url: str) -> tuple[list[str], list[str]]:
    """Each case's address as a template writes it (twice: the second is the kept one) and as
    url_for builds it, in a request made at `base_url`."""
    with app.test_request_context("/", base_url=base_url):
        written = [render_template_string("{{ url_for(endpoint, **values) }}|{{ url_for(endpoint, **values) }}",
                                          endpoint=endpoint, values=values) for endpoint, values in CASES]
        built = [url_for(endpoint, **values) for endpoint, values in CASES]
    return written, built


def test_a_kept_address_is_the_one_url_for_builds_under_each_root_and_host(app):
    for base_url in ("http://dala.example/", "http://dala.example/field/", "https://other.example/field/"):
        written, built = _rendered(app, base_url)
        for text, expected in zip(written, built):
            first, again = text.split("|")
            assert first == again == str(escape(expected))
    written, _built = _rendered(app, "http://dala.example/field/")
    study_id, participant_id = CASES[2][1]["study_id"], CASES[2][1]["participant_id"]
    assert written[2].split("|")[0] == f"/field/studies/{study_id}/participants/{participant_id}"
    assert "stale=True" in written[3] and "stale=1" in written[4]
    assert written[7].split("|")[0].startswith("http://dala.example/field/")

