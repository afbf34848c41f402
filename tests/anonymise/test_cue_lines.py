"""The role cue searched only on the lines where a match may start a word
(``cues._role_matches``) keeps every match that ``cued_people`` reads: those
at a word start, as the whole text's search finds them; the reference-list
cue tried at the line starts only (``cues._reference_matches``) finds what
its search finds.

All texts are fictional, written for these tests.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from app.anonymise import cues

# pieces that make role cues, near misses and words that hold a role word
# ("boyfriend", "coauthor and poet"), joined by what may stand between them
PIECES = ["friend", "boyfriend", "coauthor", "author", "poet", "sister", "sisters", "and", "my",
          "the", "writer", "co-founder", "fiancé", "Tamsin", "Ode", "Lark", "NASA", "O'Rourke",
          "J.", "X", "Vale", "McAllister", "Jean-Luc", "said", "2019", "_", "é", "’s", "'",
          "Vantongeren,", "Ilse.", "Marwick, Tobias", "“Title”", "and", "K."]
SEPARATORS = [" ", " ", " ", ", ", "\n", ".", ". ", "-", "", "\t", "(", "\r\n", "x"]

TEXTS = [
    "", "\n", "friend Tamsin", "my friend Tamsin and the poet Ode Lark.",
    "boyfriend Tamsin\ncoauthor and poet Ode Lark\nwriter and poet Ode Lark, said",
    "the botanist Ilse Vantongeren met her sisters, Oriel and Wrenna\n\nfriend Ode",
    "co-founder J. Vale_friend Ode 2friend Ode éfriend Ode\n(friend Ode)",
    "Vantongeren, Ilse. Book Title\nMarwick, Tobias and Ode Lark\r\nLark, Ode K. “Title”\n\n"
    "VALE, ODE. Title. see Vantongeren, Ilse. Title\nVale, Ode",
]


def _read(matches, text):
    return [(m.span(), m.groups()) for m in matches if not cues._inside_word(text, m.start())]


def _same(text):
    assert _read(cues._role_matches(text), text) == _read(cues._ROLE_CUE.finditer(text), text)
    assert [(m.span(), m.groups()) for m in cues._reference_matches(text)] \
        == [(m.span(), m.groups()) for m in cues._REFERENCE_CUE.finditer(text)]


def test_the_cues_lines_give_the_whole_texts_matches():
    for text in TEXTS:
        _same(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=14))
def test_the_cues_lines_give_the_whole_texts_matches_on_any_text(parts):
    _same("".join(piece + sep for piece, sep in parts))
