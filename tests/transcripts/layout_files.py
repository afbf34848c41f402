"""One small transcript per layout, as the tools write them: fictional speakers and words.

Each returns (file name, bytes, [(speaker or None, kind), ...] expected turn by turn); the
Word documents are built with python-docx the way Teams, Word's Transcribe and a typist do.
"""
import io

import docx

S, U, N = "speech", "unattributed", "not_speech"


def _docx(paragraphs=(), table=None, merge_row=None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.rows[r].cells[c].text = value
        if merge_row is not None:
            first, last = grid.rows[merge_row].cells[0], grid.rows[merge_row].cells[-1]
            merged = first.merge(last)
            merged.text = "(запись прервалась на минуту)"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def dala_txt():
    text = ("Дата: 12.03.2024\n"
            "Место: библиотека района Тестовый\n"
            "\n"
            "Модератор: Добрый день. Расскажите, как вы пользуетесь порталом.\n"
            "Айгерим Тестова: Каждую неделю. Например: справки, запись к врачу.\n"
            "И ещё оплату налогов.\n"
            "\n"
            "Это абзац без метки, кто его сказал, неизвестно.\n"
            "\n"
            "Бекзат (ЦОН): Я работаю в ЦОНе.\n"
            "Модератор: Спасибо.\n")
    return "fg.txt", text.encode("utf-8"), [(None, N), (None, N), ("Модератор", S), ("Айгерим Тестова", S),
                                            (None, U), ("Бекзат (ЦОН)", S), ("Модератор", S)]


def zoom_vtt():
    text = ("WEBVTT\n\n"
            "1\n00:00:01.200 --> 00:00:04.100\nAigerim S. (University): Good morning, can you hear me?\n\n"
            "2\n00:00:04.500 --> 00:00:07.000\nDana K.: Yes. One thing: the sound is low.\n\n"
            "3\n00:00:07.000 --> 00:00:09.000\nAigerim S. (University): Let us begin.\n\n"
            "4\n00:00:09.000 --> 00:00:11.000\nAigerim S. (University): First question.\n\n"
            "5\n00:00:11.500 --> 00:00:13.000\nthis cue has no name\n\n"
            "6\n00:00:13.000 --> 00:00:15.000\nDana K.: I agree.\n")
    return "zoom.vtt", text.encode(), [("Aigerim S. (University)", S), ("Dana K.", S),
                                       ("Aigerim S. (University)", S), (None, U), ("Dana K.", S)]


def generic_vtt():
    text = ("WEBVTT\n\n"
            "00:00:01.000 --> 00:00:03.000\n<v Moderator>Welcome, everyone.</v>\n\n"
            "00:00:03.000 --> 00:00:05.000\n[Nurlan] The portal works, mostly\n\n"
            "00:00:05.000 --> 00:00:07.000\nwhen the network is up.\n\n"
            "00:00:07.000 --> 00:00:08.000\n[Music]\n\n"
            "00:00:08.000 --> 00:00:10.000\nNote: this is not a speaker.\n\n"
            "00:00:10.000 --> 00:00:12.000\n<v Moderator>Thank you.\n")
    return "captions.vtt", text.encode(), [("Moderator", S), ("Nurlan", S), (None, N), (None, U), ("Moderator", S)]


def generic_srt():
    text = ("1\r\n00:00:01,000 --> 00:00:02,000\r\n[Интервьюер] Начнём?\r\n\r\n"
            "2\r\n00:00:02,500 --> 00:00:04,000\r\n[Салтанат]: Да, конечно.\r\n\r\n"
            "3\r\n00:00:04,000 --> 00:00:05,000\r\nВот что скажу: всё работает.\r\n")
    return "interview.srt", text.encode(), [("Интервьюер", S), ("Салтанат", S), (None, U)]


def whisper_txt():
    text = ("[00:00:00.000 --> 00:00:03.500] [SPEAKER_00]: Расскажите о своей работе.\n"
            "[00:00:03.900 --> 00:00:09.000] [SPEAKER_01]: Я веду приём граждан.\n"
            "SPEAKER_00: Как часто?\n"
            "SPEAKER_01: Каждый день: с утра до вечера.\n"
            "\n"
            "неразмеченный хвост\n")
    return "whisperx.txt", text.encode(), [("SPEAKER_00", S), ("SPEAKER_01", S), ("SPEAKER_00", S),
                                           ("SPEAKER_01", S), (None, U)]


def otter_txt():
    text = ("Ainur Testova  0:03\n"
            "Good morning, everyone. Shall we start with introductions?\n"
            "\n"
            "Marat Fictional  0:12\n"
            "Sure. I work in the district office; we met at 10:30 last week.\n"
            "\n"
            "Unknown Speaker  0:40\n"
            "Sorry, I am late.\n"
            "\n"
            "Ainur Testova  0:45\n"
            "No problem.\n"
            "\n"
            "Transcribed by https://otter.ai\n")
    return "otter.txt", text.encode(), [("Ainur Testova", S), ("Marat Fictional", S), (None, U),
                                        ("Ainur Testova", S), (None, N)]


def teams_docx():
    data = _docx([
        "Фокус-группа по цифровым услугам",
        "Transcript",
        "Дата: 12.03.2024",
        "Гульнара Вымышленная started transcription",
        "Гульнара Вымышленная   0:03",
        "Добрый день, коллеги.",
        "Ержан Примеров   0:15",
        "Здравствуйте. У меня вопрос: когда начнём?",
        "Гульнара Вымышленная   0:21",
        "Прямо сейчас.",
        "И ещё одно уточнение.",
    ])
    return "teams.docx", data, [(None, U), (None, N), (None, N), (None, N), ("Гульнара Вымышленная", S), ("Ержан Примеров", S),
                                ("Гульнара Вымышленная", S)]


def word_transcribe_docx():
    data = _docx([
        "00:00:00",
        "Speaker 1",
        "Добрый день. Начнём интервью.",
        "00:00:07",
        "Speaker 2",
        "Да, я готова.",
        "Работаю в акимате пятый год.",
        "00:00:20",
        "Speaker 1",
        "Спасибо.",
    ])
    return "transcribe.docx", data, [("Speaker 1", S), ("Speaker 2", S), ("Speaker 1", S)]


def table_docx():
    rows = [["Время", "Говорящий", "Текст"],
            ["00:00:01", "Модератор", "Начнём с представления."],
            ["00:00:05", "Сауле", "Меня зовут Сауле, я из фонда."],
            ["00:00:12", "Модератор", "Спасибо."],
            ["00:00:14", "Ерлан", "Я из акимата."],
            ["00:00:20", "", "Реплика без имени."],
            ["00:00:25", "Сауле", "Добавлю: у нас три проекта."],
            ["00:00:30", "x", "placeholder for a merged row"],
            ["00:00:40", "Ерлан", "Согласен."],
            ["00:00:45", "Модератор", "Завершаем."]]
    data = _docx(["Расшифровка фокус-группы FG-02"], rows, merge_row=7)
    return "table.docx", data, [(None, U), (None, N), ("Модератор", S), ("Сауле", S), ("Модератор", S),
                                ("Ерлан", S), (None, U), ("Сауле", S), (None, U), ("Ерлан", S), ("Модератор", S)]


def plain_txt():
    text = ("Наблюдение в ЦОНе, утро.\n\nОчередь из десяти человек; двое спрашивают консультанта.\n\n"
            "Консультант объясняет, как войти на портал.\n")
    return "notes.txt", text.encode(), [(None, U), (None, U), (None, U)]


ALL = {"dala": dala_txt, "zoom": zoom_vtt, "subtitles": generic_vtt, "subtitles-srt": generic_srt,
       "whisper": whisper_txt, "otter": otter_txt, "teams": teams_docx,
       "word_transcribe": word_transcribe_docx, "docx_table": table_docx, "plain": plain_txt}
