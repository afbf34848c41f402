"""Sections nested to any depth, in order, as the blocks a page shows: a section's heading at its
depth and the run of its questions up to its next subsection (a run after a subsection is the
same section, continued). Works on stored versions and on an import's plain data alike."""
from dataclasses import dataclass, field


@dataclass
class Block:
    section: object
    depth: int
    continued: bool = False
    questions: list = field(default_factory=list)


def _get(item, key):
    return item[key] if isinstance(item, dict) else getattr(item, key)


def blocks(sections: list, parent_key) -> list[Block]:
    """`sections` in any order; `parent_key(section)` is its parent's key or None, where a
    section's key is its index in `sections`."""
    children: dict = {}
    for index, section in enumerate(sections):
        children.setdefault(parent_key(section), []).append((index, section))
    out: list[Block] = []

    def walk(index, section, depth):
        block = Block(section, depth)
        out.append(block)
        items = [(_get(q, "position") or 0, 0, q) for q in _get(section, "questions")]
        items += [(_get(s, "position") or 0, 1, (i, s)) for i, s in children.get(index, [])]
        for _position, is_section, item in sorted(items, key=lambda x: (x[0], x[1])):
            if is_section:
                walk(*item, depth + 1)
                block = Block(section, depth, continued=True)
                out.append(block)
            else:
                block.questions.append(item)

    for index, section in sorted(children.get(None, []), key=lambda pair: _get(pair[1], "position") or 0):
        walk(index, section, 0)
    return [b for b in out if b.questions or not b.continued]


def version_blocks(version) -> list[Block]:
    index = {section.id: number for number, section in enumerate(version.sections)}
    return blocks(list(version.sections), lambda s: index.get(s.parent_id))


def data_blocks(data: dict) -> list[Block]:
    return blocks(data["sections"], lambda s: s.get("parent"))
