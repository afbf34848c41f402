"""Demo instruments: an interview guide and a focus group topic guide on e-government services
(Russian and English), a short structured questionnaire, and answers for some of the completed
structured interviews. All content is invented."""
from app.demo.context import DemoContext
from app.fieldwork.models import SessionStatus, SessionType
from app.instruments import answers, services
from app.instruments.models import InstrumentKind

# (section ru, section en, [(question ru, question en, probes ru, probes en)])
INTERVIEW_GUIDE = [
    ("Роль и опыт", "Role and experience", [
        ("Расскажите о вашей работе и о том, как она связана с электронными услугами.",
         "Tell me about your work and how it relates to e-services.",
         "С какого года?\nКакие услуги?", "Since when?\nWhich services?"),
        ("Как изменилась ваша работа после перевода услуг в онлайн?",
         "How did your work change when services moved online?",
         "Пример из практики", "An example from practice"),
    ]),
    ("Взаимодействие с гражданами", "Working with citizens", [
        ("Какие трудности чаще всего возникают у граждан на портале?",
         "Which difficulties do citizens meet most often on the portal?",
         "Пожилые люди\nСельские районы", "Older people\nRural areas"),
        ("Как вы узнаёте об этих трудностях?", "How do you learn about these difficulties?", "", ""),
    ]),
    ("Межведомственное взаимодействие", "Working across agencies", [
        ("Как ваша организация обменивается данными с другими ведомствами?",
         "How does your organisation share data with other agencies?",
         "Правовые основания\nТехнические препятствия", "Legal basis\nTechnical obstacles"),
    ]),
]
FOCUS_GROUP_GUIDE = [
    ("Вступление", "Opening", [
        ("Представьтесь, пожалуйста, и назовите услугу, которой вы пользовались последней.",
         "Please introduce yourselves and name the last e-service you used.", "", ""),
    ]),
    ("Опыт пользования", "Experience of use", [
        ("Что помогает, а что мешает получать услуги онлайн?",
         "What helps and what hinders getting services online?",
         "ЭЦП\nЦОН как запасной путь", "Digital signature\nService centres as a fallback"),
        ("Кому вы доверяете свои данные и почему?", "Whom do you trust with your data, and why?",
         "Государство\nБанки\nМобильные операторы", "The state\nBanks\nMobile operators"),
    ]),
    ("Предложения", "Suggestions", [
        ("Что бы вы изменили в первую очередь?", "What would you change first?", "", ""),
    ]),
]
QUESTIONNAIRE = [
    {"name": "intro", "type": "note", "text": {"ru": "Вопросы занимают около десяти минут.",
                                               "en": "The questions take about ten minutes."}},
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
                 {"value": "phone", "label": {"ru": "Телефон", "en": "Phone"}},
                 {"value": "messenger", "label": {"ru": "Мессенджеры", "en": "Messengers"}}]},
    {"name": "main_barrier", "type": "single_choice", "required": True,
     "text": {"ru": "Главное препятствие для электронных услуг?", "en": "The main barrier to e-services?"},
     "choices": [{"value": "skills", "label": {"ru": "Цифровые навыки", "en": "Digital skills"}},
                 {"value": "internet", "label": {"ru": "Доступ к интернету", "en": "Internet access"}},
                 {"value": "trust", "label": {"ru": "Недоверие", "en": "Lack of trust"}},
                 {"value": "design", "label": {"ru": "Сложный интерфейс", "en": "Complex interface"}}]},
    {"name": "satisfaction", "type": "scale", "required": True, "scale_min": 1, "scale_max": 5,
     "text": {"ru": "Насколько вы довольны качеством электронных услуг?",
              "en": "How satisfied are you with the quality of e-services?"},
     "scale_labels": {"low": {"ru": "Совсем не доволен", "en": "Not at all"},
                      "high": {"ru": "Полностью доволен", "en": "Completely"}}},
    {"name": "comment", "type": "text",
     "text": {"ru": "Что бы вы добавили?", "en": "Anything you would add?"},
     "probes": {"ru": "Пример из недавнего опыта", "en": "An example from recent experience"}},
]
DEMO_ANSWERS = [
    {"years": "6", "uses_egov": "yes", "channels": ["portal", "office"], "main_barrier": "skills",
     "satisfaction": "4", "comment": "Много обращений по ЭЦП (вымышленный ответ)."},
    {"years": "2", "uses_egov": "yes", "channels": ["portal", "phone", "messenger"],
     "main_barrier": "design", "satisfaction": "3"},
    {"years": "11", "uses_egov": "no", "channels": ["office"], "main_barrier": "internet", "satisfaction": "2"},
]


def build_instruments(ctx: DemoContext) -> None:
    coordinator, reviewer = ctx.users["coordinator"], ctx.users["reviewer"]
    guide = _guide(ctx, "Гайд интервью: электронные услуги", InstrumentKind.SEMI_STRUCTURED_INTERVIEW,
                   INTERVIEW_GUIDE)
    topics = _guide(ctx, "Гайд фокус-группы: опыт электронных услуг", InstrumentKind.FOCUS_GROUP_GUIDE,
                    FOCUS_GROUP_GUIDE)
    survey = services.create_instrument(ctx.study, "Анкета структурированного интервью",
                                        InstrumentKind.STRUCTURED_INTERVIEW, coordinator).versions[0]
    section = services.add_section(survey, {"ru": "Анкета", "en": "Questionnaire"}, coordinator)
    for fields in QUESTIONNAIRE:
        services.add_question(section, dict(fields), coordinator)
    for version in (guide, topics, survey):
        services.approve(version, reviewer)
    services.copy_to_draft(guide, coordinator)  # a draft v2 to show editing
    _use_in_sessions(ctx, {SessionType.SEMI_STRUCTURED_INTERVIEW: guide,
                           SessionType.FOCUS_GROUP: topics, SessionType.STRUCTURED_INTERVIEW: survey})


def _guide(ctx: DemoContext, title: str, kind: InstrumentKind, content):
    coordinator = ctx.users["coordinator"]
    version = services.create_instrument(ctx.study, title, kind, coordinator).versions[0]
    for section_ru, section_en, questions in content:
        section = services.add_section(version, {"ru": section_ru, "en": section_en}, coordinator)
        for text_ru, text_en, probes_ru, probes_en in questions:
            services.add_question(section, {"type": "text", "text": {"ru": text_ru, "en": text_en},
                                            "probes": {"ru": probes_ru, "en": probes_en}}, coordinator)
    return version


def _use_in_sessions(ctx: DemoContext, by_type: dict) -> None:
    """Each session gets the approved version of its kind; some structured interviews get answers."""
    answered = 0
    for session in ctx.sessions:
        version = by_type.get(session.type)
        if version is None:
            continue
        answers.assign_version(session, version, ctx.users["coordinator"])
        if (session.type == SessionType.STRUCTURED_INTERVIEW and session.status == SessionStatus.COMPLETED
                and answered < len(DEMO_ANSWERS)):
            raw = DEMO_ANSWERS[answered]
            finish = answered < 2  # the last one is a draft, to finish later
            answers.save_answers(session.attendees[0], raw, finish, ctx.users["fieldworker"])
            answered += 1
