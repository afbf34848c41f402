"""Where the shared data lives (DESIGN.md, anon-bench, interop files): ../shared beside the
repository, or DALA_SHARED. Tests read it there and never copy it into the repository."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    for candidate in (os.environ.get("DALA_SHARED"), ROOT.parent / "shared", Path("/work/shared")):
        if candidate and (Path(candidate) / "DESIGN.md").is_file():
            return Path(candidate)
    raise FileNotFoundError("../shared (DESIGN.md and the shared data) was not found; set DALA_SHARED")
