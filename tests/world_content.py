"""What the world's people say and are asked: fictional names, texts and questions."""
from app.recruitment.models import RecruitmentStatus

AGREED = RecruitmentStatus.AGREED
# (key in the world, name, index of the organisation, recruitment status before any session)
PEOPLE = [
    ("participant", "Зарина Тестова", 0, AGREED),
    ("aidos", "Айдос Вымыслов", 1, AGREED),  # says no to archiving
    ("maria", "Мария Примерова", 2, AGREED),
    ("renewer", "Ерболат Ерболатов", 0, AGREED),  # consented on the first version, since retired
    ("gaukhar", "Гаухар Образцова", 1, AGREED),  # written consent, no scan; no to audio recording
    ("withdrawn", "Нурлан Пробнов", 2, AGREED),  # withdraws with their data after the interview
    ("alia", "Алия Макетова", 0, AGREED),  # invited to the coming focus group, no consent yet
    ("dmitry", "Дмитрий Заготовкин", 1, AGREED),
    ("sabina", "Сабина Шаблонова", 2, AGREED),
    ("kanat", "Канат Эскизов", 0, None),
    ("zhanna", "Жанна Набросова", 1, RecruitmentStatus.CONTACTED),
    ("oleg", "Олег Опытов", 2, RecruitmentStatus.DECLINED),
    ("asel", "Асель Черновикова", 0, RecruitmentStatus.UNREACHABLE),
]


def contacts(tag: str) -> dict:
    return {"email": f"zarina.{tag}@contact-secret.example", "phone": f"+7 777 404 91 {ord(tag[0]) % 100:02d}"}


def raw_phrase(tag: str, n: int) -> str:
    return f"Сиреневый пеликан {tag}{n} прилетел"


def interview(tag: str, n: int) -> str:
    return (f"Модератор: Добрый день! Расскажите о работе.\n"
            f"Зарина: Работаю в акимате. {raw_phrase(tag, n)} в Тасқала.\n"
            f"Зарина: Мой коллега Ерлан Сапаров говорит, что портал медленный.\n")


FOCUS_GROUP = (
    "Модератор: Добрый день, коллеги. Сегодня говорим о цифровых услугах.\n"
    "Айдос: Портал работает, но жители звонят по телефону +7 701 555 12 34, когда не могут войти.\n"
    "Мария: Согласна. Обучением у нас занимается Серик Жаксылыков, его почта serik.zh@example.kz.\n"
    "Ерболат: Я бы упростил вход через ЭЦП и добавил консультантов в ЦОНе.\n"
    "Модератор: Спасибо всем за разговор.\n")
RAW_NOTES = ("Голос 1: Расскажите, как вы узнали о проекте.\n"
             "Голос 2: Через рассылку фонда, в прошлом месяце.\n")
INTERVIEW = ("Интервьюер: Как к вам приходят обращения граждан?\n"
             "Нурлан: Через портал и по телефону, обычно за неделю набирается около сорока.\n")

GUIDE = [
    ({"ru": "Роль и опыт", "en": "Role and experience"}, [
        {"type": "text", "text": {"ru": "Расскажите о вашей работе с электронными услугами.",
                                  "en": "Tell me about your work with e-services."},
         "probes": {"ru": "С какого года?", "en": "Since when?"}},
        {"type": "text", "text": {"ru": "Как изменилась работа после перевода услуг в онлайн?",
                                  "en": "How did your work change when services moved online?"}}]),
    ({"ru": "Взаимодействие с гражданами", "en": "Working with citizens"}, [
        {"type": "text", "text": {"ru": "Какие трудности возникают у граждан на портале?",
                                  "en": "Which difficulties do citizens meet on the portal?"},
         "probes": {"ru": "Пожилые люди\nСельские районы", "en": "Older people\nRural areas"}}]),
]
QUESTIONNAIRE = [
    {"name": "intro", "type": "note", "text": {"ru": "Вопросы займут около десяти минут.",
                                               "en": "The questions take about ten minutes."}},
    {"name": "role", "type": "text", "text": {"en": "Describe your role.", "ru": "Опишите вашу роль."}},
    {"name": "years", "type": "number", "required": True,
     "text": {"ru": "Сколько лет вы работаете в этой организации?",
              "en": "How many years have you worked in this organisation?"}},
    {"name": "uses_egov", "type": "yes_no", "required": True,
     "text": {"ru": "Пользуетесь ли вы порталом eGov в работе?", "en": "Do you use the eGov portal at work?"}},
    {"name": "channels", "type": "multiple_choice",
     "text": {"ru": "Через какие каналы к вам обращаются граждане?",
              "en": "Through which channels do citizens contact you?"},
     "choices": [{"value": "portal", "label": {"ru": "Портал", "en": "Portal"}},
                 {"value": "office", "label": {"ru": "Приём в офисе", "en": "Office visit"}},
                 {"value": "messenger", "label": {"ru": "Мессенджеры", "en": "Messengers"}}]},
    {"name": "main_barrier", "type": "single_choice", "required": True,
     "text": {"ru": "Главное препятствие для электронных услуг?", "en": "The main barrier to e-services?"},
     "choices": [{"value": "skills", "label": {"ru": "Цифровые навыки", "en": "Digital skills"}},
                 {"value": "trust", "label": {"ru": "Недоверие", "en": "Lack of trust"}}]},
    {"name": "satisfaction", "type": "scale", "required": True, "scale_min": 1, "scale_max": 5,
     "text": {"ru": "Насколько вы довольны электронными услугами?", "en": "How satisfied are you with e-services?"},
     "scale_labels": {"low": {"ru": "Совсем не доволен", "en": "Not at all"},
                      "high": {"ru": "Полностью доволен", "en": "Completely"}}},
]
