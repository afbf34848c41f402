"""Hypothesis in CI runs derandomised (the "ci" profile, registered and loaded by tests/conftest.py
when CI or DALA_CI is set; .ci/run sets DALA_CI): a red build fails the same way on every rerun
of that commit. A developer's run ("dev") explores at random. Each test's own settings inherit
the profile loaded."""
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
IN_CI = any(os.environ.get(name, "").lower() not in ("", "0", "false") for name in ("CI", "DALA_CI"))


def test_ci_loads_the_derandomised_profile_and_a_developer_the_random_one():
    ci, dev = settings.get_profile("ci"), settings.get_profile("dev")
    assert (ci.derandomize, ci.database, ci.deadline, ci.print_blob) == (True, None, None, True)
    assert not dev.derandomize and dev.database is not None
    assert settings.default.derandomize is IN_CI and (settings.default.database is None) is IN_CI
    own = settings(max_examples=7, suppress_health_check=[])  # as the tests write theirs
    assert own.derandomize is IN_CI and own.max_examples == 7
    assert "export DALA_CI=1" in (ROOT / ".ci" / "run").read_text()


def test_the_ci_profile_draws_the_same_examples_on_every_run():
    runs = []
    for _ in range(2):
        seen = []

        @settings(settings.get_profile("ci"), max_examples=25)
        @given(st.lists(st.integers()))
        def draw(values):
            seen.append(values)

        draw()
        runs.append(seen)
    assert runs[0] == runs[1] and len({repr(v) for v in runs[0]}) > 1
