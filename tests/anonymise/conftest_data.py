"""Small fictional fixtures shared by the anonymiser tests (no dev-set names)."""
from app.anonymise import Roster, RosterEntry

ROSTER_CSV = """kind,name,pseudonym,aliases
person,Нургуль Ерсеновна Абишева,P01,Nurgul Abisheva|Нұргүл Әбішева
person,Бахыт Тлеубаев,P02,Bakhyt Tleubayev
person,Қуаныш Сапарұлы Тәжібаев,P03,Куаныш Сапарович Тажибаев|Kuanysh Tazhibayev
person,Olivia Brent,S01,Оливия Брент
organisation,ОФ «Зелёный город Павлодар»,CSO-01,«Зелёный город»|Green City Pavlodar
organisation,Департамент цифровизации Северной области,LA-01,ДЦСО
place,село Кызылжар,PLACE-01,Кызылжар|Қызылжар|Kyzylzhar
"""


def roster() -> Roster:
    import io

    return Roster.from_csv(io.StringIO(ROSTER_CSV))


def small_roster() -> Roster:
    return Roster.from_entries([
        RosterEntry("person", "Тимофей Андреевич Лукин", "P09", ("Timofey Lukin",)),
        {"kind": "place", "name": "Жаркайын", "pseudonym": "PLACE-04", "aliases": ""},
    ])


def covered(text, spans):
    """The texts of the spans, in order."""
    return [text[s.start:s.end] for s in spans]
