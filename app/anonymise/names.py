"""Generic word lists for the rule-based person finder.

Common first names (English, Russian, Kazakh in Cyrillic and Latin), titles and
label words. Written from general knowledge of frequent names, not taken from
any evaluation set; extend freely, they are plain data.
"""
from __future__ import annotations

EN_FIRST = """
James John Robert Michael William David Richard Joseph Thomas Charles Christopher
Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian
George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan
Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick
Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter
Kyle Ethan Walter Noah Jeremy Christian Keith Roger Terry Gerald Harold Sean Austin
Carl Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe Bruce Gabriel Logan Albert
Willie Alan Juan Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason
Philip Louis Harry Oliver Charlie Freddie Alfie Leo Archie Joshua Luke Max Lucas
Tom Tim Jim Bob Mike Dave Steve Chris Nick Ben Sam Dan Matt Tony Andy Pete Rob
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy
Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy
Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley
Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra Rachel
Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia
Victoria Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah
Jacqueline Martha Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail
Alice Judy Sophia Grace Denise Amber Doris Marilyn Danielle Beverly Isabella Theresa
Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori Jane Kate Lucy Amelia Ella
Chloe Jenny Liz Sue Meg Molly Ellie Mia Ava Zoe Ruby Lily Holly Claire Sophie Jo
Wendy Tina Rose Joanne Fiona Gemma Nina Eva Sally Lynn Dawn Peggy Rita Carmen
""".split()

# Frequent first names of Britain, Ireland, South Asia, Africa, Europe and East
# Asia that the US census list lacks: volunteers, trainers and donors in
# fieldwork English ("two volunteers, Eilidh and Arjun").
WORLD_FIRST = """
Callum Priya Imogen Rohan Aoife Niamh Ciaran Declan Eoin Hamish Alistair Fergus Rhys
Dafydd Gareth Bethan Cerys Seren Isla Freya Jemima Arjun Rahul Anjali Deepak Sanjay
Ananya Aditya Kavya Yusuf Ibrahim Tariq Bilal Zainab Chiara Giulia Matteo Lukas Mateo
Camila Thiago Kenji Haruto Yuki Sakura Kwame Kofi Chidi Ngozi Tunde Wanjiru Saoirse
Oisin Cormac Padraig Ailsa Eilidh Mhairi Morag Euan Lachlan Ruaridh Tegan Carys Ffion
Gethin Owain Ravi Priyanka Sunita Amit Vikram Neha Pooja Rajesh Suresh Lakshmi Anil
Sunil Manoj Imran Asif Hussein Mustafa Khalid Amara Chiamaka Emeka Adaeze Folake Nkechi
Thabo Sipho Zanele Lerato Olumide Tomasz Piotr Katarzyna Agnieszka Wojciech Krzysztof
Bartosz Zofia Jakub Ondrej Jiri Zuzana Bogdan Mihai Ioana Andreea Florin Dragos Nikos
Eleni Dimitris Giorgos Stavros Mehmet Ayse Elif Emre Burak Selin Oguz Hamza Hiroshi
Takeshi Akira Naoko Joon Lars Nils Bjorn Anders Henrik Mikael Pekka Juha Aino Sanna
Oskar Moritz Jannik Lotte Femke Sanne Joris Pieter Wouter
""".split()

# People of history and of the stage known by one name, read as first names.
SINGLE_NAMES = """
Cleopatra Nefertiti Socrates Plato Aristotle Pythagoras Archimedes Euclid Herodotus
Confucius Napoleon Charlemagne Attila Saladin Tamerlane Caligula Spartacus Hammurabi
Ramses Tutankhamun Michelangelo Donatello Rembrandt Caravaggio Copernicus
Voltaire Molière Moliere Rumi Avicenna Averroes Dante Virgil Ovid Cicero Sappho Beyoncé
Beyonce Rihanna Shakira Oprah Pelé Pele
""".split()

# Makers of software and goods whose names open the names of products
# ("Microsoft Word", "Adobe Reader"): the words after them are no surname; and
# makers and news agencies that the international first-name list holds as
# joined given names ("Hua+Wei", "Dae+Woo", "Xin+Hua"): no first name
# (``latin_first``).
BRANDS = frozenset("""
Microsoft Adobe Apple Google Amazon Samsung Oracle Intel Sony Nokia Huawei Xiaomi Netflix
Coke Pepsi Nike Adidas Starbucks Spotify Skype Dropbox Mozilla Firefox Chrome Windows Linux
Android Canon Nikon Nintendo
Toyota Honda Nissan Hyundai Lenovo Asus Acer Philips Siemens Bosch Ikea IKEA
Daewoo Xinhua
""".split())

RU_FIRST = """
Александр Алексей Анатолий Андрей Антон Аркадий Артём Артем Борис Вадим Валентин
Валерий Василий Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Глеб
Григорий Денис Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Леонид Максим
Михаил Никита Николай Олег Павел Пётр Петр Роман Руслан Сергей Станислав Степан
Фёдор Федор Юрий Ярослав Яков Эдуард Семён Семен Тимофей Матвей Даниил Лев Марк
Саша Алёша Дима Женя Миша Коля Петя Серёжа Володя Вова Витя Толя Юра Паша Костя
Александра Алла Анастасия Ангелина Анна Антонина Валентина Валерия Вера Вероника
Виктория Галина Дарья Диана Евгения Екатерина Елена Елизавета Жанна Зинаида Зоя
Инна Ирина Кристина Ксения Лариса Лидия Любовь Людмила Маргарита Марина Мария Надежда
Наталья Наталия Нина Оксана Ольга Полина Раиса Светлана Софья София Тамара Татьяна
Ульяна Юлия Яна Маша Наташа Таня Катя Лена Оля Света Люда Галя Валя Надя Аня Даша
""".split()

KK_FIRST = """
Адиль Азамат Айбек Айдар Айдос Айдын Алибек Алмас Алмат Алтынбек Амир
Арман Арсен Аскар Асхат Ахмет Бауыржан Бахыт Бейбит Бекзат Берик Болат Даурен Дархан
Дастан Диас Ерасыл Ербол Ержан Еркин Ерлан Ермек Есен Жандос Жанибек Жасулан Кайрат
Қайрат Канат Қанат Куаныш Қуаныш Мадияр Максат Мақсат Марат Медет Мейрам Мирас Мухтар
Нуржан Нурлан Нұрлан Нурсултан Олжас Рауан Ринат Руслан Рустам Сабит Серик Серік
Сакен Санжар Серикбол Талгат Талғат Тимур Улан Усен Ұлан Шынгыс Шыңғыс Габит Ғабит
Бекжан Дамир Данияр Ельдар Еламан Жомарт Мурат Нурбол Нурлыбек Самат Темирлан Тоқтар
Айгерим Айгерім Айгуль Айгүл Айжан Айнур Айсулу Айым Акмарал Ақмарал Алия Алтынай
Альмира Аружан Асель Әсел Асем Әсем Ботагоз Ботагөз Гаухар Гүлнар Гульнар Гульмира
Гүлмира Гульнара Гульшат Данагуль Дана Динара Дильназ Жадыра Жазира Жанар Жанель
Жансая Жулдыз Жұлдыз Зарина Зауре Зәуре Индира Камила Карлыгаш Қарлығаш Лаура Ляззат
Мадина Мариям Меруерт Мөлдір Молдир Назерке Назира Нургуль Нұргүл Перизат Салтанат
Сауле Сәуле Сабина Томирис Улжан Ұлжан Умит Үміт Шолпан Эльмира Айдана Аяжан Акбота
Ақбота Балжан Дариға Дарига Жибек Камшат Күнсулу Раушан Роза Сымбат Толганай Толғанай
Aigerim Aizhan Aruzhan Assel Ainur Aidana Dinara Gulnara Zhanar Madina Saltanat
Saule Dana Kamila Zarina Indira Aliya Nazira Botagoz Zhuldyz Meruyert Tomiris
Arman Askar Azamat Aidar Bauyrzhan Berik Bolat Daniyar Dauren Yerlan Yerbol Yerzhan
Kairat Kanat Marat Nurlan Nursultan Olzhas Ruslan Serik Timur Talgat Yermek Zhandos
Almas Alibek Dias Sanzhar Nurzhan Damir Murat Maksat Mukhtar Yernar Ernar Kuanysh
Айбар Айбол Айдархан Алихан Әлихан Әлішер Алпамыс Амангелді Асқар Асылбек Әлібек Бағлан
Бақытжан Бақытбек Бейбіт Бекболат Бекнұр Берік Дәулет Дәурен Досжан Дулат Елдос Ерғали
Еркебұлан Ернар Ертай Жәнібек Жасұлан Жеңіс Жұмабек Ілияс Ильяс Исатай Құдайберген
Мағжан Мейірхан Нұрбол Нұрболат Нұржан Нұрлыбек Нұрсұлтан Оралхан Өмірзақ Өркен Сәкен
Сәбит Серікбол Төлеген Азат Аслан Бекарыс Дидар Елжас Нұрислам Ерназар Ерболат Айнұр
Айсұлу Ақерке Ақнұр Әлия Аяулым Гауһар Гүлжан Гүлназ Гүлшат Әйгерім Ділназ Жібек Іңкәр
Ләззат Мақпал Маржан Самал Мейіргүл Нұрсұлу Айару Арайлым Күнсұлу Ақмаржан Гүлзат Жанерке
Жансұлу Ұлдана Әсемгүл Данеля Анель
Рустем Рүстем Фархад Фарид Ильдар Азиз Шерзод Бахтияр Бахтиёр Жасур Абылай Ақжол
Ерсұлтан Ерсултан Алдияр Арнұр Нұрдәулет Нурдаулет Шахмардан Елнұр Ерқанат
Ерканат Жанболат Бақдәулет Тоғжан Тогжан Гүлсім Гульсим Дильназ Фариза Аида Аймира
Айзере Айнаш Айман Жанат Гульзира Гүлзира Ұлпан Улпан Нәзира Назира Айзада Аселя Фатима
Зульфия Лейла Диляра Эльвира Алина Карина Милана Амина Самира
""".split()

# Poets, writers, composers, thinkers and heroes of Kazakh history and the
# characters of its epics and tales, first names and surnames (Kazakh
# spelling): named as such ("ақын Мұқағалидың өлеңдері", «Қыз Жібек» фильмі)
# they identify no one (the {N:...} marks of the Kazakh sets); the same word
# as a neighbour's name is a name like any other.
FIGURES = """
Абай Құнанбаев Құнанбайұлы Шәкәрім Құдайбердіұлы Мұқағали Мақатаев Мағжан Жұмабаев
Ахмет Байтұрсынұлы Байтұрсынов Міржақып Дулатұлы Дулатов Сәкен Сейфуллин Ілияс
Жансүгіров Бейімбет Майлин Мұхтар Әуезов Жамбыл Жабаев Махамбет Өтемісұлы Қасым
Аманжолов Құрманғазы Тәттімбет Дәулеткерей Ыбырай Алтынсарин Шоқан Уәлиханов Жүсіпбек
Аймауытов Ғабит Мүсірепов Сәбит Мұқанов Ғабиден Мұстафин Біржан Ақан Әсет Жаяу Мұса
Абылай Кенесары Бөгенбай Қабанбай Райымбек Наурызбай Төле Қазыбек Әйтеке Бұқар Асан
Қайғы Доспамбет Шалкиіз Қазтуған Сүйінбай Сара Кенен Әзірбаев Нұрпейісова Тұманбай
Молдағалиев Қадыр Мырза Фариза Оңғарсынова Жұбан Молдағалиев Шерхан Мұртаза Әбіш
Кекілбаев Оралхан Бөкей Олжас Сүлейменов Мағауин Әл-Фараби Баласағұн Ясауи Қорқыт
Жібек Төлеген Қозы Көрпеш Баян Алпамыс Қобыланды Тарғын Төстік Алдар Көсе Қожанасыр
Қамбар Назым Ақбөбек Ақжүніс Еңлік Кебек Айман Шолпан Ләйлі Мәжнүн
""".split()

TITLES_BEFORE = frozenset("""
Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lady Lord Madam Madame Mister Doctor
President Senator Governor Minister Mayor Judge Justice Captain Colonel General
Officer Sergeant Rev Reverend Father Sister Brother Uncle Aunt Rabbi Imam Saint
Congressman Congresswoman Councilman Councilwoman Councillor Councilor Representative
Ambassador Chancellor Commissioner Sheriff Detective Inspector Constable Pastor Deacon
Lieutenant Admiral Commander Coach Auntie Grandma Grandpa Granny Nana
Speaker Secretary Chairman Chairwoman Pope Emperor Empress Archbishop
господин госпожа г-н г-жа товарищ доктор профессор
""".split())
TITLES_AFTER = frozenset(
    "аға ағай ағаймен ағайға апай апайға апа әпке баба мырза ханым ханымға".split())
# Kazakh first names that are also the names of places (a continent, a sea, a
# river, a country, a district named after a hero): kept out of the first-name
# lexicon, where they would make every mention of the place a person, and
# asked only of a word before a kin honorific ("Азия апай", "Арал ағайға").
PLACE_FIRST_NAMES = frozenset("""
Азия Арал Жайық Ертіс Ливия Марсель Жамбыл Абай Райымбек Қарасай Махамбет Бөгенбай
Қабанбай Сырым Тұрар Байзақ Баян Майра Алатау
""".split())

# Speaker roles of interviews and focus groups in Russian, Kazakh and English
# ("Модератор:", "Interviewer Helen Marsh:"): no names. The one home of the
# role words: ``LABEL_WORDS``, ``ROLE_WORDS`` and the English frames' roles
# (``en_frames``) are made of these lists, lower case.
SPEAKER_ROLES = frozenset("""
интервьюер модератор респондент участник участница эксперт ведущий ведущая
сұхбаттасушы жүргізуші қатысушы interviewer moderator respondent participant speaker
facilitator
""".split())
# Who helps at an interview without being interviewed, and the expert.
HELPER_ROLES = frozenset("""
expert переводчик переводчица аудармашы interpreter translator ассистент assistant
наблюдатель бақылаушы observer
""".split())
# Other words that label a turn without naming anyone.
OTHER_LABELS = frozenset("interviewee host guest audience unknown спикер".split())

# Speaker labels and interview words that are not names (compared by their
# stems: ``rules.LABEL_STEMS``, and in lower case: ``cues``).
LABEL_WORDS = SPEAKER_ROLES | OTHER_LABELS
# Role words cut off the front of a speaker's label or a person span
# ("Interpreter Aizhan", "Переводчица Айгерим") and never a recurring speaker's
# name (``rules.speaker_labels``, ``detect``).
ROLE_WORDS = SPEAKER_ROLES | HELPER_ROLES

# Feasts that the international first-name list also knows as names ("Ramadan",
# "Kurban Ait", "Pesach"): in English speech they are the feast
# (``latin_first``), and no frame's name (``en_frames``).
FEASTS = frozenset("""
ramadan ramazan kurban qurban bayram bairam navruz nowruz nauryz diwali holi hanukkah
pesach purim sukkot eid oraza uraza pascha vaisakhi pongal onam lohri navratri kwanzaa
christmas easter
""".split())

# Cities that are regional centres of Kazakhstan (and the two largest cities):
# public geography every study in the country mentions.
KZ_PLACES = """
Алматы Астана Шымкент Караганда Қарағанды Актобе Ақтөбе Тараз Павлодар Өскемен
Усть-Каменогорск Семей Костанай Қостанай Кызылорда Қызылорда Уральск Орал Атырау
Актау Ақтау Петропавловск Петропавл Туркестан Түркістан Талдыкорган Талдықорған
Кокшетау Көкшетау Жезказган Жезқазған Конаев Қонаев
Almaty Astana Shymkent Karaganda Karagandy Aktobe Taraz Pavlodar Oskemen Semey
Kostanay Kyzylorda Oral Uralsk Atyrau Aktau Petropavl Turkestan Taldykorgan Kokshetau
Zhezkazgan Konaev
""".split()

# Capitalised words that are not identifying names in interview transcripts:
# platforms and services, office types, discourse words at a turn's start.
NOT_NAMES = frozenset("""
eGov eGov.kz e-Otinish WhatsApp Telegram Instagram Facebook YouTube TikTok Google
Zoom Kaspi Интернет ЦОН ХҚКО PSC SMS QR ЭЦП БИН ИИН ЖСН Ой Ну Да Нет Окей Ага Угу
Так Вот Иә Жоқ Жарайды Болады Әрине Рахмет Okay OK Yeah Yes No Oh Well Hmm Um Uh
Huh Hunh Mhm Uh-huh Aw Ooh Wow Jeez Nah Yay Yep Nope Mom Mum Dad Mommy Daddy
СМИ МСУ НКО НПО ЖКХ ВУЗ Вуз ОАО ЗАО ООО ПАО НАО ТОО
Телеграм Телеграмм Ватсап Вотсап Вацап Инстаграм Фейсбук Ютуб Тикток Зум
""".split())
