"""The fixed words of the printed consent form in each language it can be printed in.

They follow the form's language, not the interface language, so they are content, not UI strings.
"""
WORDS = {
    "en": {"title": "Informed consent form", "study": "Study", "approval": "Ethics approval",
           "valid_until": "valid until", "version": "Form version", "participant": "Participant",
           "items": "Please tick each box you agree to", "yes": "Yes", "no": "No",
           "participant_signature": "Participant's signature", "researcher_signature": "Researcher's signature",
           "date": "Date", "name": "Name", "page": "Page", "of": "of"},
    "ru": {"title": "Форма информированного согласия", "study": "Исследование", "approval": "Этическое одобрение",
           "valid_until": "действительно до", "version": "Версия формы", "participant": "Участник",
           "items": "Отметьте каждый пункт, с которым вы согласны", "yes": "Да", "no": "Нет",
           "participant_signature": "Подпись участника", "researcher_signature": "Подпись исследователя",
           "date": "Дата", "name": "ФИО", "page": "Страница", "of": "из"},
    "kk": {"title": "Ақпараттандырылған келісім нысаны", "study": "Зерттеу", "approval": "Этикалық мақұлдау",
           "valid_until": "дейін жарамды", "version": "Нысан нұсқасы", "participant": "Қатысушы",
           "items": "Келісетін әр тармақты белгілеңіз", "yes": "Иә", "no": "Жоқ",
           "participant_signature": "Қатысушының қолы", "researcher_signature": "Зерттеушінің қолы",
           "date": "Күні", "name": "Аты-жөні", "page": "Бет", "of": "/"},
}
