"""Word lists for the synthetic world: names and their transliterations, organisations, titles, places.

Everything here is plain data plus the few rules that expand a name into its spellings. A
name component is a tuple of spellings of the same name, canonical spelling first; a person
written with any of them is the same person, and two spellings of one person across reports
is a `name` variant.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# ---------------------------------------------------------------- name spelling rules


def al_variants(stem: str) -> tuple[str, ...]:
    """The ways the Arabic article is written before a family name (Al-Bahra, al Bahra ...)."""
    return (f"Al-{stem}", f"al-{stem}", f"al {stem}", f"Al {stem}")


_SUN_LETTERS = ("r", "s", "n", "t", "d", "z")


def abd_variants(stem: str) -> tuple[str, ...]:
    """Abd-compounds: Abdulrahman, Abdul Rahman, Abdel Rahman, and the assimilated Abdurrahman."""
    forms = [f"Abdul{stem.lower()}", f"Abdul {stem}", f"Abdel {stem}"]
    if stem[0].lower() in _SUN_LETTERS:
        forms.append(f"Abdu{stem[0].lower()}{stem.lower()}")
    return tuple(forms)


_PLAIN = str.maketrans({"ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "’": "'"})
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_JAPANESE = str.maketrans({"ō": "oh", "Ō": "Oh", "ū": "u", "Ū": "U"})


def strip_marks(text: str) -> str:
    """Drop diacritics the way English-language outlets do (Çavuşoğlu -> Cavusoglu)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_PLAIN))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def latin_variants(name: str, style: str) -> tuple[str, ...]:
    """Spellings of a name written with diacritics: as is, German/Japanese romanisation, stripped."""
    forms = [name]
    if style == "german":
        forms.append(name.translate(_GERMAN))
    elif style == "japanese":
        forms.append(name.translate(_JAPANESE))
    forms.append(strip_marks(name))
    return tuple(dict.fromkeys(forms))


def expand(entry: str, style: str) -> tuple[str, ...]:
    """Turn one word-list entry ("Badr|Bader", "@al:Bahra", "@abd:Rahman", "Şahin") into spellings."""
    if entry.startswith("@al:"):
        return al_variants(entry[4:])
    if entry.startswith("@abd:"):
        return abd_variants(entry[5:])
    forms: list[str] = []
    for form in entry.split("|"):
        forms.extend(latin_variants(form, style))
    return tuple(dict.fromkeys(forms))


def feminine_russian(spellings: tuple[str, ...]) -> tuple[str, ...]:
    """Russian family names take a feminine ending (Kozlov -> Kozlova, Kovalevsky -> Kovalevskaya)."""
    out: list[str] = []
    for form in spellings:
        if form.endswith(("sky", "skiy")):
            out.append(form[: form.rindex("sk")] + "skaya")
        elif form.endswith(("ov", "ev", "in", "yev")):
            out.append(form + "a")
        else:
            out.append(form)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Origin:
    """A naming tradition: first names by gender, family names, and how outlets romanise them."""

    key: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]
    style: str = "plain"
    middle_rate: float = 0.0


# Word tables read best packed, so the formatter leaves the rest of this module alone.
# fmt: off
ORIGINS: dict[str, Origin] = {
    o.key: o
    for o in (
        Origin(
            "arabic",
            male=(
                "Mohammed|Muhammad|Mohamed|Mohammad", "Ahmad|Ahmed", "Mahmoud|Mahmud", "Mustafa|Mostafa|Moustafa",
                "Yusuf|Youssef|Yousef", "Badr|Bader", "@abd:Rahman", "@abd:Aziz", "@abd:Karim", "@abd:Salam",
                "@abd:Hakim", "@abd:Nasser", "Abdullah|Abdallah", "Hadi|Hady", "Hussein|Hussain|Husayn",
                "Hassan|Hasan", "Khaled|Khalid", "Omar|Umar", "Ali", "Salem|Salim", "Walid|Waleed", "Riad|Riyad",
                "Anas", "Hisham|Hesham", "Fadi|Fady", "Tarek|Tariq|Tarik", "Samir|Sameer", "Jamal|Gamal",
                "Osama|Usama", "Haitham|Haytham", "Bassam", "Nasr", "Yahya|Yehia", "Ibrahim|Ebrahim",
                "Ismail|Ismael", "Ziad|Ziyad", "Faisal|Faysal", "Majed|Majid", "Nabil|Nabeel", "Radwan|Ridwan",
                "Suhail|Sohail", "Ayman|Aiman", "Louay|Luay", "Hamza|Hamzah", "Adib|Adeeb", "Moaz|Muadh|Mouaz",
            ),
            female=(
                "Fatima|Fatma", "Huda|Hoda", "Nour|Noor", "Rima|Reema", "Layla|Leila|Laila", "Maryam|Mariam",
                "Aisha|Aysha", "Suhair|Souhair", "Basma", "Hind", "Rania|Ranya", "Salwa", "Lama", "Dima",
                "Ruba|Roba", "Hiba|Heba", "Samira|Sameera", "Nadia|Nadya", "Yasmin|Yasmine", "Zeina|Zaina", "Rasha",
            ),
            last=(
                "@al:Bahra", "@al:Hariri", "@al:Abdah", "@al:Khatib", "@al:Shami", "@al:Zoubi", "@al:Atassi",
                "@al:Jarba", "@al:Masri", "@al:Tamimi", "@al:Hamwi", "@al:Hajji", "@al:Kurdi", "@al:Sayed",
                "@al:Omari", "@al:Halabi", "@al:Homsi", "@al:Rifai", "Kaddour|Qaddour", "Haddad", "Darwish|Darwich",
                "Qassem|Kassem|Qasim", "Hijazi|Hejazi", "Barakat", "Sabbagh|Sabbag", "Haj Ali|Hajj Ali",
                "Shaaban|Shaban", "Kilo", "Sabra", "Mansour|Mansur", "Khoury|Khouri|Khuri", "Saleh|Salih",
                "Othman|Osman|Uthman", "Ghalioun|Ghalyoun", "Nasrallah|Nasrullah", "Abdelnour|Abdel Nour|Abdulnour",
                "Mardini", "Qabbani|Kabbani", "Hammoud|Hamoud", "Suleiman|Sulaiman|Soliman", "Younes|Younis",
                "Aboud|Abboud", "Jaber|Jabir", "Zeidan|Zaidan", "Marouf|Maarouf", "Haidar|Haydar", "Nahhas|Nahas",
                "Tahhan|Tahan", "Sheikh Ahmad|Sheikh Ahmed",
            ),
            middle_rate=0.15,
        ),
        Origin(
            "kurdish",
            male=(
                "Aldar|Eldar", "Shervan|Sherwan", "Siamand|Seyamend", "Rezan|Rizan", "Azad", "Jiwan|Jivan",
                "Kawa|Kawe", "Bahoz", "Nuri|Nouri", "Hawar", "Delil|Dilil", "Ferhad|Farhad", "Heysem|Haitham",
            ),
            female=(
                "Ilham|Elham", "Hevin|Hevîn", "Sinam|Sinem", "Fawza|Fowza", "Rojin|Rozhin", "Berivan|Bêrîvan",
                "Nesrin|Nasrin", "Amina|Emine", "Jiyan|Zhiyan", "Dilvin|Dilwin",
            ),
            last=(
                "Xelil|Khalil", "Hamo|Hemo", "Sheikho|Shekho", "Haco|Hajo", "Temo|Tammo", "Mistefa|Mustafa",
                "Derwish|Darwish", "Husên|Hussein", "Îbrahîm|Ibrahim", "Ehmed|Ahmed", "Omer|Omar", "Yusif|Yousef",
            ),
        ),
        Origin(
            "turkish",
            male=(
                "Mevlüt", "Hakan", "İbrahim", "Ömer", "Mehmet", "Ahmet", "Emre", "Burak", "Selçuk", "Murat", "Cem",
                "Kemal", "Serdar", "Ufuk", "Tuncay", "Oğuz", "Gökhan", "Yasin", "Barış", "Erdem", "Halil", "Cengiz",
                "Volkan",
            ),
            female=(
                "Şebnem", "Gülnur", "Ayşe", "Elif", "Zeynep", "Özlem", "Büşra", "Esra", "Merve", "Deniz", "Sevgi",
                "Nilüfer", "Aslı", "Dilek", "Hülya",
            ),
            last=(
                "Çavuşoğlu", "Şahin", "Yıldız", "Öztürk", "Gül", "Kılıç", "Çelik", "Aydın", "Doğan", "Kalın", "Önal",
                "Arslan", "Koç", "Kaya", "Demir", "Polat", "Akgün", "Güler", "Tekin", "Özdemir", "Bozkurt",
                "Karakaya", "Ünal", "Sönmez", "Yavuz", "Aksoy", "Taşkın", "Erbaş",
            ),
        ),
        Origin(
            "english",
            male=(
                "James", "Michael", "Nicholas", "John", "Robert", "Daniel", "David", "Ethan", "Matthew",
                "Christopher", "Andrew", "Thomas", "Richard", "Brian", "Kevin", "Patrick", "Jonathan", "Mark",
            ),
            female=(
                "Barbara", "Natasha", "Sarah", "Emily", "Jennifer", "Laura", "Rachel", "Megan", "Elizabeth",
                "Catherine", "Anne", "Julia", "Karen", "Victoria", "Amanda", "Rebecca",
            ),
            last=(
                "Granger", "Smith", "Johnson", "Miller", "Brown", "Carter", "Reed", "Hughes", "Bennett", "Foster",
                "Walsh", "Harrison", "Palmer", "Coleman", "Mitchell", "Sullivan", "Brooks", "Hayes", "Morgan",
                "Ellison", "Whitaker", "Donovan", "Fletcher", "Caldwell", "Prescott", "McAllister|MacAllister",
                "O'Connor|O’Connor", "McDonald|MacDonald", "O'Neill|O’Neill",
            ),
        ),
        Origin(
            "french",
            male=(
                "Jean-François|Jean François", "François", "Stéphane", "Frédéric", "Pierre", "Olivier", "Thierry",
                "Julien", "Benoît", "Jérôme", "Laurent", "Yves",
            ),
            female=(
                "Hélène", "Anne-Claire|Anne Claire", "Sophie", "Isabelle", "Céline", "Amélie", "Camille", "Élodie",
                "Nathalie", "Véronique",
            ),
            last=(
                "Lefèvre", "Dubois", "Moreau", "Girard", "Mercier", "Rousseau", "Bérard", "Fontaine", "Chevalier",
                "Lambert", "Bonnet", "Rivière", "Garnier", "Leclerc", "Dupré", "Marchand", "Gauthier",
            ),
        ),
        Origin(
            "german",
            male=(
                "Jürgen", "Stefan", "Andreas", "Wolfgang", "Matthias", "Tobias", "Jörg", "Markus", "Felix", "Günter",
                "Sebastian", "Ralf",
            ),
            female=(
                "Katrin", "Annalena", "Ursula", "Sabine", "Birgit", "Jutta", "Anke", "Dörte", "Bärbel", "Franziska",
            ),
            last=(
                "Müller", "Schröder", "Köhler", "Schmidt", "Becker", "Weber", "Hoffmann", "Krause", "Fischer",
                "Wagner", "Böhm", "Lübke", "Hartmann", "Vogel", "Zimmermann", "Großmann",
            ),
            style="german",
        ),
        Origin(
            "russian",
            male=(
                "Sergei|Sergey", "Aleksandr|Alexander", "Dmitry|Dmitri|Dmitriy", "Yuri|Yury|Yuriy", "Mikhail",
                "Alexei|Aleksey|Alexey", "Vladimir", "Andrei|Andrey", "Nikolai|Nikolay", "Gennady|Gennadiy",
                "Vasily|Vasiliy", "Artyom|Artem", "Grigory|Grigoriy",
            ),
            female=(
                "Maria|Mariya", "Anna", "Yelena|Elena", "Tatiana|Tatyana", "Natalia|Natalya", "Olga",
                "Yekaterina|Ekaterina", "Svetlana", "Irina", "Ksenia|Kseniya",
            ),
            last=(
                "Lavrentiev|Lavrentyev", "Bogdanov", "Vershinin", "Ryabkov", "Kozlov", "Morozov", "Volkov",
                "Sokolov", "Petrov", "Grigoriev|Grigoryev", "Zaitsev|Zaytsev", "Kovalevsky|Kovalevskiy", "Sorokin",
                "Belousov", "Yakovlev|Iakovlev", "Fyodorov|Fedorov", "Alekseev|Alekseyev", "Gusev", "Orlov",
            ),
        ),
        Origin(
            "persian",
            male=(
                "Mohammad|Mohammed|Muhammad", "Hossein|Hussein|Hosein", "Reza|Riza", "Abbas", "Javad|Jawad",
                "Mehdi|Mahdi", "Hamid", "Ali Asghar|Ali-Asghar|Aliasghar", "Kazem|Kazim", "Saeed|Saeid",
                "Ebrahim|Ibrahim", "Mojtaba|Mujtaba", "Amir",
            ),
            female=(
                "Fatemeh|Fatima", "Zahra|Zahraa", "Masoumeh|Masuma", "Shirin", "Parisa", "Mahnaz", "Azadeh|Azade",
                "Nasrin|Nesrin",
            ),
            last=(
                "Araghchi|Araqchi", "Khaji", "Amir-Abdollahian|Amirabdollahian|Amir Abdollahian", "Velayati",
                "Hosseini|Husseini|Hoseini", "Rezaei|Rezaee|Rezai", "Mousavi|Musavi|Moussavi", "Rahimi", "Kanani",
                "Jafari|Jaafari", "Ghasemi|Qasemi", "Karimi", "Sadeghi|Sadeqi", "Tehrani", "Baghaei|Baghaie",
                "Nazari",
            ),
            middle_rate=0.1,
        ),
        Origin(
            "nordic",
            male=("Geir", "Lars", "Staffan", "Espen", "Jonas", "Erik", "Henrik", "Magnus", "Bjørn|Björn", "Søren"),
            female=("Ingrid", "Kari", "Sigrid", "Astrid", "Hanne", "Marit", "Liv", "Solveig", "Tone"),
            last=(
                "Pedersen", "Lund", "Berg", "Johansen", "Nilsen", "Haugen", "Andersen", "Larsen", "Solberg", "Dahl",
                "Halvorsen", "Bakke", "Strand", "Eriksson", "Lindqvist|Lindquist", "Sjöberg",
            ),
        ),
        Origin(
            "italian",
            male=("Giovanni", "Marco", "Luca", "Paolo", "Stefano", "Alessandro", "Francesco", "Lorenzo", "Matteo"),
            female=("Francesca", "Giulia", "Chiara", "Silvia", "Valentina", "Federica", "Paola"),
            last=(
                "Rossi", "Bianchi", "De Luca|DeLuca", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Gallo",
                "Conti", "Esposito", "Mancini", "Lombardi", "Moretti", "Barbieri", "De Santis|DeSantis",
            ),
        ),
        Origin(
            "japanese",
            male=("Kenji", "Hiroshi", "Shūichi", "Takeshi", "Yūsuke", "Kōji", "Daisuke", "Masato", "Ryōta", "Kazuki"),
            female=("Yūko", "Keiko", "Aiko", "Naomi", "Haruka", "Emi", "Mayumi", "Sachiko"),
            last=(
                "Kōno", "Ōta", "Tanaka", "Suzuki", "Satō", "Itō", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi",
                "Katō", "Yoshida", "Yamada", "Saitō", "Matsumoto", "Inoue", "Kimura", "Ōno",
            ),
            style="japanese",
        ),
    )
}

# Real people named in fixtures/seeds: the generator never composes these exact names.
RESERVED_NAMES = frozenset(
    {
        "Badr Jamous", "Hadi Al-Bahra", "Abdulrahman Mustafa", "Barbara Leaf", "Natasha Franceschi",
        "Nicholas Granger", "Hakan Fidan", "Jean-François Guillaume",
    }
)

# ---------------------------------------------------------------- titles


@dataclass(frozen=True, slots=True)
class Rank:
    """A kind of post: wordings that mean the same, and the portfolios that make two posts differ."""

    key: str
    wordings: tuple[str, ...]
    portfolios: tuple[str, ...] = ()
    limit: int = 0  # holders per organisation (per portfolio when it has portfolios); 0 = any number
    seniority: int = 3  # 0 leads the organisation, 3 is staff
    weight: float = 1.0


_COMMITTEES = (
    "political", "legal", "constitutional", "detainees", "media", "humanitarian", "foreign relations", "military",
    "finance", "local councils",
)
_ENVOY = ("Special Envoy for {p}", "envoy for {p}", "special representative for {p}")
_SPOKES = Rank("spokesperson", ("spokesperson", "spokesman", "official spokesperson"), limit=2, seniority=2)
_ADVISER = ("senior adviser on {p}", "senior advisor on {p}")

RANKS: dict[str, tuple[Rank, ...]] = {
    "body": (
        Rank("head", ("head", "President", "leader", "chief"), limit=1, seniority=0),
        Rank("deputy", ("deputy head", "Vice President", "deputy leader"), limit=2, seniority=1),
        Rank("secgen", ("Secretary-General", "general secretary"), limit=1, seniority=1),
        _SPOKES,
        Rank(
            "committee_head",
            ("head of the {p} committee", "chair of the {p} committee", "{p} committee chair"),
            _COMMITTEES,
            limit=1,
            seniority=2,
        ),
        Rank("committee_member", ("member of the {p} committee", "{p} committee member"), _COMMITTEES, weight=3),
        Rank("member", ("member",), weight=2),
    ),
    "ministry": (
        Rank("minister", ("Foreign Minister", "Minister of Foreign Affairs", "top diplomat"), limit=1, seniority=0),
        Rank(
            "deputy_minister",
            ("Deputy Foreign Minister", "Deputy Minister of Foreign Affairs", "Vice Foreign Minister"),
            limit=3,
            seniority=1,
        ),
        Rank(
            "envoy",
            _ENVOY,
            ("Syria", "Iraq", "Lebanon", "the Middle East", "Counterterrorism", "Yemen"),
            limit=1,
            seniority=1,
        ),
        Rank(
            "director",
            ("Director of {p}", "head of {p}", "director for {p}"),
            (
                "Middle East Affairs", "Syria Affairs", "Consular Affairs", "Political Affairs",
                "Humanitarian Affairs", "Gulf Affairs", "Multilateral Affairs", "Security Policy",
            ),
            seniority=2,
            weight=2,
        ),
        Rank(
            "ambassador",
            ("Ambassador to {p}", "envoy to {p}"),
            ("Syria", "Lebanon", "Jordan", "Iraq", "Qatar", "Egypt", "the United Nations"),
            limit=1,
            seniority=2,
        ),
        Rank("spokesperson", ("spokesperson", "spokesman", "official spokesperson"), limit=1, seniority=2),
        Rank("adviser", _ADVISER, ("Syria", "humanitarian affairs", "refugees", "northeast Syria"), weight=2),
    ),
    "us_state": (
        Rank("secretary", ("Secretary of State", "top diplomat"), limit=1, seniority=0),
        Rank(
            "asst",
            ("Assistant Secretary of State for {p}", "Assistant Secretary for {p}"),
            (
                "Near Eastern Affairs", "Population, Refugees and Migration", "Democracy, Human Rights and Labor",
                "Conflict and Stabilization Operations",
            ),
            limit=1,
            seniority=0,
        ),
        Rank(
            "das",
            ("Deputy Assistant Secretary for {p}", "Deputy Assistant Secretary of State for {p}"),
            (
                "the Levant and Syria Engagement", "Near Eastern Affairs", "Arabian Peninsula Affairs",
                "Iran Affairs", "Israeli and Palestinian Affairs", "Egypt and Maghreb Affairs", "Public Diplomacy",
                "Iraq Affairs", "Regional Multilateral Affairs",
            ),
            limit=1,
            seniority=1,
        ),
        Rank(
            "envoy",
            _ENVOY,
            ("Syria", "the Global Coalition to Defeat ISIS", "Syria Engagement", "Hostage Affairs"),
            limit=1,
            seniority=1,
        ),
        Rank(
            "director",
            ("Director of the {p}", "head of the {p}"),
            (
                "Syria Regional Platform", "Office of Syria Affairs", "Office of Levant Affairs",
                "Office of Assistance Coordination", "Office of Press and Public Diplomacy",
            ),
            limit=1,
            seniority=2,
        ),
        Rank("adviser", _ADVISER, ("Syria", "humanitarian affairs", "detainee issues", "northeast Syria"), weight=3),
    ),
    "un": (
        Rank(
            "usg",
            ("Under-Secretary-General for {p}", "UN chief for {p}"),
            ("Humanitarian Affairs", "Political and Peacebuilding Affairs"),
            limit=1,
            seniority=0,
        ),
        Rank("envoy", _ENVOY, ("Syria", "Yemen", "Iraq"), limit=1, seniority=0),
        Rank(
            "deputy_envoy", ("Deputy Special Envoy for {p}", "deputy envoy for {p}"), ("Syria",), limit=2, seniority=1
        ),
        Rank(
            "coordinator",
            ("Resident and Humanitarian Coordinator for {p}", "humanitarian coordinator for {p}"),
            ("Syria", "Lebanon", "Türkiye", "Jordan", "Iraq"),
            limit=1,
            seniority=1,
        ),
        Rank(
            "director",
            ("Director of {p}", "head of {p}", "director for {p}"),
            ("the Middle East Division", "Operations and Advocacy", "Humanitarian Financing", "Protection"),
            limit=1,
            seniority=2,
        ),
        _SPOKES,
        Rank("officer", ("political affairs officer", "political officer"), weight=3),
    ),
    "eu": (
        Rank("envoy", _ENVOY, ("Syria", "the Middle East Peace Process", "Human Rights"), limit=1, seniority=0),
        Rank(
            "head_division",
            ("Head of Division for {p}", "head of the {p} division"),
            ("Syria", "the Middle East", "Humanitarian Aid", "the Gulf"),
            limit=1,
            seniority=1,
        ),
        _SPOKES,
        Rank("adviser", _ADVISER, ("Syria", "humanitarian affairs", "refugees", "sanctions"), weight=3),
    ),
    "ngo": (
        Rank("head", ("head", "President", "chief"), limit=1, seniority=0),
        Rank(
            "country_director",
            ("country director for {p}", "director for {p}", "head of operations in {p}"),
            ("Syria", "Türkiye", "Lebanon", "Jordan", "Iraq"),
            limit=1,
            seniority=1,
        ),
        _SPOKES,
        Rank("officer", ("programme officer", "program officer"), weight=3),
    ),
}

# How a title joins its organisation: "head of the SNC", "Director of Syria Affairs at the ...".
TITLE_PREPOSITION = {"body": "of", "ministry": "at", "us_state": "at", "un": "at", "eu": "at", "ngo": "of"}

# ---------------------------------------------------------------- organisations and camps


@dataclass(frozen=True, slots=True)
class OrgSpec:
    """An organisation: full-name variants (canonical first), acronym, short name, kind of body."""

    names: tuple[str, ...]
    kind: str
    acronym: str = ""
    short: str = ""
    acronym_article: bool = True  # "the SNC" but "OCHA"
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class CampSpec:
    """A party to meetings: its organisations, who its people are, where it meets, how often."""

    key: str
    adjective: str  # "US officials", "the Turkish side"
    orgs: tuple[OrgSpec, ...]
    origins: tuple[tuple[str, float], ...]
    cities: tuple[str, ...]
    side_a: float  # weight as the reporting side (the one whose activity is reported)
    side_b: float  # weight as the counterpart
    partners: tuple[str, ...] = ()  # if set, the only counterpart camps
    country: str = ""


def _ministry(adj: str, country: str, *extra: str) -> OrgSpec:
    """A foreign ministry and the usual ways English-language outlets name it."""
    names = (f"{adj} Ministry of Foreign Affairs", f"{adj} Foreign Ministry", *extra)
    return OrgSpec(names, "ministry", short=f"{adj} Foreign Ministry", weight=3)


_OPPOSITION = ("syrian_opposition", "kurdish_admin")
CAMPS: tuple[CampSpec, ...] = (
    CampSpec(
        "syrian_opposition", "Syrian opposition",
        (
            OrgSpec(
                ("Syrian Negotiation Commission", "Syrian Negotiating Commission", "Syrian Negotiations Commission"),
                "body", "SNC", "Negotiation Commission",
                weight=4,
            ),
            OrgSpec(
                (
                    "National Coalition for Syrian Revolutionary and Opposition Forces",
                    "National Coalition of Syrian Revolution and Opposition Forces", "Syrian National Coalition",
                ),
                "body", "SOC", "National Coalition",
                weight=3,
            ),
            OrgSpec(("Syrian Interim Government",), "body", "SIG", "interim government", weight=2),
            OrgSpec(("Kurdish National Council", "Kurdish National Council in Syria"), "body", "KNC"),
            OrgSpec(("Syrian Civil Defence", "Syrian Civil Defense"), "ngo", "", "White Helmets"),
        ),
        (("arabic", 0.85), ("kurdish", 0.1), ("turkish", 0.05)),
        ("Istanbul", "Gaziantep", "Azaz"),
        side_a=0.55,
        side_b=0.03,
    ),
    CampSpec(
        "kurdish_admin", "Kurdish-led administration",
        (
            OrgSpec(("Syrian Democratic Council",), "body", "SDC", weight=2),
            OrgSpec(
                ("Autonomous Administration of North and East Syria", "Autonomous Administration of Northeast Syria"),
                "body", "AANES", "Autonomous Administration",
            ),
        ),
        (("kurdish", 0.8), ("arabic", 0.2)),
        ("Qamishli", "Raqqa"),
        side_a=0.1,
        side_b=0.02,
    ),
    CampSpec(
        "syrian_government", "Syrian government",
        (
            OrgSpec(
                ("Syrian Ministry of Foreign Affairs and Expatriates", "Syrian Foreign Ministry"),
                "ministry",
                short="Syrian Foreign Ministry",
                weight=3,
            ),
            OrgSpec(("Syrian Arab Red Crescent",), "ngo", "SARC"),
        ),
        (("arabic", 1.0),),
        ("Damascus",),
        side_a=0.05,
        side_b=0.01,
        partners=("russia", "iran", "un", "arab_league", "icrc", "egypt", "jordan", "saudi"),
        country="Syria",
    ),
    CampSpec(
        "us", "US",
        (
            OrgSpec(
                ("US State Department", "U.S. Department of State", "United States Department of State"),
                "us_state",
                short="State Department",
                weight=5,
            ),
            OrgSpec(
                ("United States Agency for International Development", "US Agency for International Development"),
                "ngo", "USAID", acronym_article=False,
            ),
        ),
        (("english", 0.85), ("arabic", 0.1), ("italian", 0.05)),
        ("Washington", "New York"),
        side_a=0.04,
        side_b=0.15,
        country="the United States",
    ),
    CampSpec(
        "turkey", "Turkish",
        (
            _ministry("Turkish", "Türkiye", "Ministry of Foreign Affairs of Türkiye"),
            OrgSpec(
                ("Disaster and Emergency Management Authority", "Disaster and Emergency Management Presidency"),
                "ngo", "AFAD",
                acronym_article=False,
            ),
        ),
        (("turkish", 1.0),),
        ("Ankara", "Istanbul", "Gaziantep"),
        side_a=0.05,
        side_b=0.12,
        country="Türkiye",
    ),
    CampSpec(
        "un", "UN",
        (
            OrgSpec(
                ("Office of the UN Special Envoy for Syria", "Office of the United Nations Special Envoy for Syria"),
                "un", "OSES",
                weight=3,
            ),
            OrgSpec(
                (
                    "UN Office for the Coordination of Humanitarian Affairs",
                    "United Nations Office for the Coordination of Humanitarian Affairs",
                ),
                "un", "OCHA",
                acronym_article=False,
                weight=2,
            ),
            OrgSpec(
                ("Office of the UN High Commissioner for Refugees", "UN Refugee Agency"),
                "un", "UNHCR",
                acronym_article=False,
            ),
            OrgSpec(("World Food Programme", "World Food Program"), "un", "WFP"),
        ),
        (("nordic", 0.3), ("english", 0.25), ("arabic", 0.2), ("italian", 0.15), ("japanese", 0.1)),
        ("Geneva", "New York"),
        side_a=0.08,
        side_b=0.14,
    ),
    CampSpec(
        "eu", "EU",
        (
            OrgSpec(("European External Action Service",), "eu", "EEAS", weight=2),
            OrgSpec(("European Commission",), "eu", short="Commission"),
        ),
        (("french", 0.3), ("german", 0.25), ("italian", 0.25), ("nordic", 0.2)),
        ("Brussels",),
        side_a=0.02,
        side_b=0.08,
    ),
    CampSpec(
        "france", "French",
        (_ministry("French", "France", "French Ministry for Europe and Foreign Affairs"),),
        (("french", 1.0),),
        ("Paris",),
        side_a=0.01,
        side_b=0.06,
        country="France",
    ),
    CampSpec(
        "germany", "German",
        (
            OrgSpec(
                ("German Federal Foreign Office", "German Foreign Office", "German Foreign Ministry"),
                "ministry",
                short="Federal Foreign Office",
            ),
        ),
        (("german", 1.0),),
        ("Berlin",),
        side_a=0.01,
        side_b=0.06,
        country="Germany",
    ),
    CampSpec(
        "uk", "British",
        (
            OrgSpec(
                ("Foreign, Commonwealth and Development Office", "British Foreign Office"),
                "ministry", "FCDO", "Foreign Office",
            ),
        ),
        (("english", 1.0),),
        ("London",),
        side_a=0.01,
        side_b=0.05,
        country="the United Kingdom",
    ),
    CampSpec(
        "russia", "Russian",
        (_ministry("Russian", "Russia"),),
        (("russian", 1.0),),
        ("Moscow", "Sochi"),
        side_a=0.02,
        side_b=0.05,
        country="Russia",
    ),
    CampSpec(
        "iran", "Iranian",
        (_ministry("Iranian", "Iran"),),
        (("persian", 1.0),),
        ("Tehran",),
        side_a=0.01,
        side_b=0.02,
        partners=("syrian_government", "russia", "turkey", "un"),
        country="Iran",
    ),
    CampSpec(
        "qatar", "Qatari",
        (_ministry("Qatari", "Qatar"),),
        (("arabic", 1.0),),
        ("Doha",),
        side_a=0.01,
        side_b=0.05,
        country="Qatar",
    ),
    CampSpec(
        "saudi", "Saudi",
        (_ministry("Saudi", "Saudi Arabia"),),
        (("arabic", 1.0),),
        ("Riyadh", "Jeddah"),
        side_a=0.01,
        side_b=0.04,
        country="Saudi Arabia",
    ),
    CampSpec(
        "jordan", "Jordanian",
        (_ministry("Jordanian", "Jordan", "Jordanian Ministry of Foreign Affairs and Expatriates"),),
        (("arabic", 1.0),),
        ("Amman",),
        side_a=0.01,
        side_b=0.04,
        country="Jordan",
    ),
    CampSpec(
        "egypt", "Egyptian",
        (_ministry("Egyptian", "Egypt"),),
        (("arabic", 1.0),),
        ("Cairo",),
        side_a=0.01,
        side_b=0.03,
        country="Egypt",
    ),
    CampSpec(
        "arab_league", "Arab League",
        (OrgSpec(("League of Arab States", "Arab League"), "body", short="Arab League"),),
        (("arabic", 1.0),),
        ("Cairo",),
        side_a=0.01,
        side_b=0.03,
    ),
    CampSpec(
        "japan", "Japanese",
        (_ministry("Japanese", "Japan"),),
        (("japanese", 1.0),),
        ("Tokyo",),
        side_a=0.0,
        side_b=0.03,
        partners=_OPPOSITION + ("un",),
        country="Japan",
    ),
    CampSpec(
        "norway", "Norwegian",
        (_ministry("Norwegian", "Norway"),),
        (("nordic", 1.0),),
        ("Oslo",),
        side_a=0.0,
        side_b=0.02,
        country="Norway",
    ),
    CampSpec(
        "icrc", "ICRC",
        (OrgSpec(("International Committee of the Red Cross",), "ngo", "ICRC", "Red Cross"),),
        (("french", 0.4), ("german", 0.3), ("italian", 0.3)),
        ("Geneva",),
        side_a=0.01,
        side_b=0.03,
    ),
    CampSpec(
        "oic", "OIC",
        (OrgSpec(("Organisation of Islamic Cooperation", "Organization of Islamic Cooperation"), "body", "OIC"),),
        (("arabic", 0.6), ("turkish", 0.2), ("persian", 0.2)),
        ("Jeddah",),
        side_a=0.0,
        side_b=0.02,
    ),
)

NEUTRAL_CITIES = ("Geneva", "Astana", "Vienna", "Doha", "Amman", "New York", "Brussels", "Istanbul")

# ---------------------------------------------------------------- documents, topics, outlets

# (number, weight): UN Security Council resolutions on Syria that meetings cite.
RESOLUTIONS: tuple[tuple[str, float], ...] = (
    ("2254", 10),
    ("2118", 4),
    ("2139", 2),
    ("2165", 2),
    ("2191", 1),
    ("2258", 1),
    ("2268", 1),
    ("2336", 1),
    ("2393", 1),
    ("2401", 2),
    ("2449", 1),
    ("2504", 1),
    ("2533", 1),
    ("2585", 1),
    ("2642", 1),
    ("2672", 1),
)
RESOLUTION_FORMS = (
    "Resolution {n}", "UN Resolution {n}", "UN Security Council Resolution {n}", "Security Council Resolution {n}",
    "UNSC Resolution {n}",
)
GENEVA_COMMUNIQUE = ("Geneva Communiqué", "Geneva Communique", "Geneva Statement")
GENEVA_WEIGHT = 5.0

TOPICS = (
    "the political process", "the release of detainees", "humanitarian aid",
    "the work of the Constitutional Committee", "the safe return of refugees", "sanctions",
    "normalisation with the Syrian regime", "cross-border aid", "the ceasefire in Idlib",
    "the fight against terrorism", "reconstruction", "accountability for war crimes", "free and fair elections",
    "the economic situation", "the situation in northeast Syria", "the fate of the forcibly disappeared",
    "binding mechanisms for implementing international resolutions",
)

QUOTES = (
    "We need all active countries to support the political process",
    "It is imperative to stop the suffering of the Syrian people",
    "There can be no normalisation without a real political solution", "The file of detainees is non-negotiable",
    "Humanitarian access must never be politicised",
    "We remain committed to a political solution in accordance with international resolutions",
    "The international community must assume its responsibilities",
    "Aid currently meets only a fraction of the basic needs of Syrians",
    "Only collective pressure will move the political file forward",
    "Stability will not return without accountability",
)

# Invented outlets, so no real newsroom is credited with made-up reporting.
OUTLETS = (
    "Levant Wire", "Orontes Daily", "Aleppo Observer", "Bosphorus Review", "Gulf Ledger", "Cedar Post",
    "Euphrates News Agency", "Geneva Dispatch", "Atlantic Monitor", "Capital Courier", "Meridian Press",
    "Crescent Times", "Northern Syria Bulletin", "Diplomatic Record", "Mediterranean Herald", "Horizon News Network",
    "Idlib Today", "The Negotiator Weekly", "Commission Media Office", "Continental Affairs Review",
)

MEETING_NOUNS = ("meeting", "talks", "consultative meeting", "discussions", "round of talks")
# fmt: on
