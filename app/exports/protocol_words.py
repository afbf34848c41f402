"""The fixed words of a printed session protocol in each language it can be printed in.

They follow the protocol's language, not the interface language: they are content.
"""
from app.core.formutils import LANGUAGE_SELF_NAMES

WORDS = {
    "en": {"protocol": "Session protocol", "study": "Study", "approval": "Ethics approval",
           "valid_until": "valid until {date}", "date": "Date", "time": "Time", "place": "Place", "online": "Online",
           "host": "Host organisation", "facilitators": "Facilitators", "note_taker": "Note-taker",
           "attendees": "Attendees", "participant": "Participant", "present": "Present",
           "consent": "Consent on record", "no_consent": "no consent record", "yes": "yes", "no": "no",
           "instrument": "Instrument", "no_instrument": "No instrument is set for this session.",
           "probes": "Probes", "notes": "Notes", "field_notes": "Field notes", "type": "Type",
           "page": "Page", "of": "of", "in_language": "in"},
    "ru": {"protocol": "Протокол сессии", "study": "Исследование", "approval": "Этическое одобрение",
           "valid_until": "действительно до {date}", "date": "Дата", "time": "Время", "place": "Место",
           "online": "Онлайн", "host": "Принимающая организация", "facilitators": "Модераторы",
           "note_taker": "Ведущий записи", "attendees": "Участники", "participant": "Участник",
           "present": "Присутствует", "consent": "Согласие в записи", "no_consent": "нет записи о согласии",
           "yes": "да", "no": "нет", "instrument": "Инструмент",
           "no_instrument": "Для этой сессии инструмент не выбран.", "probes": "Уточняющие вопросы",
           "notes": "Заметки", "field_notes": "Полевые заметки", "type": "Тип", "page": "Страница", "of": "из",
           "in_language": "на языке"},
    "kk": {"protocol": "Сессия хаттамасы", "study": "Зерттеу", "approval": "Этикалық мақұлдау",
           "valid_until": "{date} дейін жарамды", "date": "Күні", "time": "Уақыты", "place": "Орны",
           "online": "Онлайн", "host": "Қабылдаушы ұйым", "facilitators": "Модераторлар",
           "note_taker": "Хатшы", "attendees": "Қатысушылар", "participant": "Қатысушы",
           "present": "Қатысты", "consent": "Тіркелген келісім", "no_consent": "келісім жазбасы жоқ",
           "yes": "иә", "no": "жоқ", "instrument": "Құрал", "no_instrument": "Бұл сессияға құрал таңдалмаған.",
           "probes": "Нақтылау сұрақтары", "notes": "Жазбалар", "field_notes": "Далалық жазбалар",
           "type": "Түрі", "page": "Бет", "of": "/", "in_language": "тілінде"},
}
TYPE_WORDS = {
    "en": {"focus_group": "Focus group", "structured_interview": "Structured interview",
           "semi_structured_interview": "Semi-structured interview", "observation": "Participant observation"},
    "ru": {"focus_group": "Фокус-группа", "structured_interview": "Структурированное интервью",
           "semi_structured_interview": "Полуструктурированное интервью", "observation": "Включённое наблюдение"},
    "kk": {"focus_group": "Фокус-топ", "structured_interview": "Құрылымдалған сұхбат",
           "semi_structured_interview": "Жартылай құрылымдалған сұхбат", "observation": "Қатысушылық бақылау"},
}
LANGUAGE_WORDS = LANGUAGE_SELF_NAMES
