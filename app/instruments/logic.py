"""Skip logic and constraints: the common subset of XLSForm expressions, applied.

An XLSForm expression (`${q2} = 'yes' and not(selected(${q4}, 'b'))`) is kept unchanged on the
question. For the subset Dala applies — comparisons, and/or/not, selected(), count-selected(),
${name} references to asked questions, `.`, string and number literals, + - * div mod — it is
rewritten into plain XPath 1.0 over a small instance document (<data><q1>..</q1>...</data>):
the server evaluates that with lxml, the browser with its own document.evaluate, so both apply
the very same expression. Anything else gives None: the condition is shown, not applied."""
import re

from lxml import etree

TOKEN = re.compile(r"""\s*(?:(?P<string>'[^']*'|"[^"]*")|(?P<ref>\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\})
    |(?P<number>\d+(?:\.\d+)?|\.\d+)|(?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)|(?P<name>[A-Za-z][A-Za-z-]*)
    |(?P<dot>\.(?![.\w])))""", re.X)
WORDS = {"and", "or", "div", "mod"}
FUNCTIONS = {"not", "selected", "count-selected", "true", "false"}


class Unsupported(ValueError):
    pass


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens, at = [], 0
    expression = expression.strip()
    while at < len(expression):
        match = TOKEN.match(expression, at)
        if match is None or match.end() == at:
            raise Unsupported(expression[at:])
        at = match.end()
        kind = match.lastgroup if match.lastgroup != "ref" else "ref"
        if match.group("ref"):
            tokens.append(("ref", match.group(3)))
        else:
            tokens.append((kind, match.group(kind)))
    return tokens


def to_xpath(expression: str, names: set[str]) -> str | None:
    """Plain XPath 1.0 for an expression of the subset, else None."""
    try:
        tokens = _tokens(expression or "")
        if not tokens:
            return None
        xpath = _translate(tokens, names)
        etree.XPath(f"boolean({xpath})")
    except (Unsupported, etree.XPathSyntaxError, IndexError):
        return None
    return xpath


def _translate(tokens: list, names: set[str]) -> str:
    out, i = [], 0
    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "ref":
            if text not in names:
                raise Unsupported(text)
            out.append(f"/data/{text}")
        elif kind == "name":
            if text in WORDS:
                out.append(f" {text} ")
            elif text in FUNCTIONS and i + 1 < len(tokens) and tokens[i + 1] == ("op", "("):
                end = _closing(tokens, i + 1)
                args = _split_args(tokens[i + 2:end])
                out.append(_function(text, [_translate(a, names) for a in args]))
                i = end
            else:
                raise Unsupported(text)
        elif kind == "string" or kind == "number" or kind == "dot":
            out.append(text)
        else:
            out.append(f" {text} " if text not in "()," else text)
        i += 1
    return "".join(out).strip()


def _closing(tokens: list, start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index] == ("op", "("):
            depth += 1
        elif tokens[index] == ("op", ")"):
            depth -= 1
            if depth == 0:
                return index
    raise Unsupported("(")


def _split_args(tokens: list) -> list[list]:
    args, current, depth = [], [], 0
    for token in tokens:
        if token == ("op", ",") and depth == 0:
            args.append(current)
            current = []
            continue
        depth += {("op", "("): 1, ("op", ")"): -1}.get(token, 0)
        current.append(token)
    if current or args:
        args.append(current)
    return args


def _function(name: str, args: list[str]) -> str:
    if name in ("true", "false"):
        if args:
            raise Unsupported(name)
        return f"{name}()"
    if name == "not" and len(args) == 1:
        return f"not({args[0]})"
    if name == "selected" and len(args) == 2:
        return f"contains(concat(' ', normalize-space({args[0]}), ' '), concat(' ', normalize-space({args[1]}), ' '))"
    if name == "count-selected" and len(args) == 1:
        value = f"normalize-space({args[0]})"
        return (f"(string-length({value}) - string-length(translate({value}, ' ', ''))"
                f" + number({value} != ''))")
    raise Unsupported(name)


# Evaluating on the server ------------------------------------------------------------------

def instance(values: dict[str, str]) -> etree._Element:
    """<data> with one element per question: the answer as XLSForm writes it (choices of a
    multiple choice separated by spaces), empty when unanswered."""
    root = etree.Element("data")
    for name, value in values.items():
        etree.SubElement(root, name).text = value
    return root


def holds(xpath: str, root, context: str | None = None) -> bool:
    node = root.find(context) if context else root
    return bool(etree.XPath(f"boolean({xpath})")(node if node is not None else root))


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)
