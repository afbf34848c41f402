"""natasha's numpy BLAS runs on one thread once the engine has loaded it (its spinning
threads cost several times the CPU on a small machine), unless the environment chose."""
import json
import os
import subprocess
import sys

import pytest

_PROBE = """
import json
from threadpoolctl import threadpool_info
from app.anonymise import detect
spans = detect("Вчера в Павлодаре Марина Соколова встретилась с коллегами.", lang="ru")
print(json.dumps({"people": [s.text for s in spans if s.category == "person"],
                  "blas": [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]}))
"""


def _probe(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True,
                         env={**clean, "PYTHONPATH": root, **env}, cwd=root)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: BLAS has one thread anyway")
def test_the_engine_keeps_blas_to_one_thread_and_still_finds_people():
    found = _probe()
    assert found["people"] == ["Марина Соколова"]
    assert found["blas"] and set(found["blas"]) == {1}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: BLAS has one thread anyway")
def test_a_thread_count_set_in_the_environment_is_kept():
    found = _probe(OPENBLAS_NUM_THREADS="2")
    assert found["blas"] and set(found["blas"]) == {2}
