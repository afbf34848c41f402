"""State shared by the demo steps."""
import random
from dataclasses import dataclass, field

DEMO_PASSWORD = "dala-demo-2026"


@dataclass
class DemoContext:
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    users: dict = field(default_factory=dict)  # key -> User
    study: object = None
    organisations: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
