"""Closed word lists the rules lean on: honorifics, title and organisation heads, demonyms, triggers.

They are lists of the language of news reports, not of any one report, so that the rules that use
them carry over to reports nobody has read yet.
"""

from __future__ import annotations

HONORIFICS = frozenset(
    "Dr Dr. Mr Mr. Ms Ms. Mrs Mrs. Miss Prof Prof. Sheikh Sir Dame Lord Lady Rev Rev. Sgt Sgt. Lt Lt. Col Col. "
    "Gen Gen. Capt Capt. Det Det. Officer Rep Rep. Sen Sen. Gov Gov. Judge Justice Madam".split()
)

# Words that head a job title ("Foreign Minister", "Deputy Assistant Secretary", "head of the SNC").
TITLE_HEADS = frozenset(
    """president minister secretary director head chairman chairwoman chair chairperson leader envoy ambassador
    spokesperson spokesman spokeswoman chief commander governor mayor senator representative coordinator
    advisor adviser official officer undersecretary premier chancellor king queen prince emir sheikh
    commissioner negotiator delegate member founder ceo manager editor correspondent prosecutor attorney
    judge sheriff superintendent captain lieutenant sergeant detective deputy""".split()
)
# Words that may stand before a title head and belong to the title ("Deputy Assistant Secretary").
TITLE_MODIFIERS = frozenset(
    """deputy assistant acting special senior vice first under prime foreign interior defence defense
    general executive principal permanent chief former regional national interim state police""".split()
)
# The last word of an organisation's name ("Syrian Negotiation Commission", "US State Department").
ORG_HEADS = frozenset(
    """commission coalition department ministry council committee office government union nations party army
    agency bureau platform assembly university college school company corporation bank court front movement
    organisation organization association federation institute foundation group forces force police
    parliament senate congress cabinet embassy consulate authority administration board network alliance
    league team hospital center centre service services unit brigade fund program programme secretariat
    opposition regime media news times post press inc ltd llc""".split()
)
# Demonyms stand for their country when they qualify a person ("US officials", "Turkish Foreign Minister").
DEMONYMS = {
    "US": "United States",
    "U.S.": "United States",
    "American": "United States",
    "Syrian": "Syria",
    "Turkish": "Turkey",
    "French": "France",
    "British": "United Kingdom",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "German": "Germany",
    "Russian": "Russia",
    "Chinese": "China",
    "Iranian": "Iran",
    "Iraqi": "Iraq",
    "Israeli": "Israel",
    "Lebanese": "Lebanon",
    "Jordanian": "Jordan",
    "Egyptian": "Egypt",
    "Saudi": "Saudi Arabia",
    "Qatari": "Qatar",
    "Emirati": "United Arab Emirates",
    "Japanese": "Japan",
    "Swiss": "Switzerland",
    "Italian": "Italy",
    "Spanish": "Spain",
    "Dutch": "Netherlands",
    "Canadian": "Canada",
    "Ukrainian": "Ukraine",
    "Indian": "India",
    "Pakistani": "Pakistan",
    "Afghan": "Afghanistan",
    "Kurdish": "Kurdistan",
    "European": "Europe",
    "Palestinian": "Palestine",
    "Yemeni": "Yemen",
    "Libyan": "Libya",
}
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ]
    )
    for name in names
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Function words, capitalised only because they open a sentence ("The SNC", "During talks"); a name run
# that starts with one starts after it.
FUNCTION_WORDS = frozenset(
    """The A An In On At As For From During After Before While Since Until With Without According This That These
    Those It Its He She They We I You His Her Their Our Some Many Most All Both Each Other Another Such Nonetheless
    However Meanwhile Also But And Or Nor Yet So If When Where Why How What Who Whom Which There Here Then
    Now""".split()
)
# Capitalised words that open a sentence or a name run but never name anyone.
NOT_NAMES = (
    FUNCTION_WORDS
    | frozenset(
        """Today Yesterday Tomorrow Tonight Police Officials Mr Ms Dr Mrs God Islam Muslims Christians Jews
    Media Office""".split()
    )
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)
# Head nouns of the names of places and of days: a name ending in one is a place ('Marlow Palace', 'Elm Street',
# 'Baltic Sea') or a holiday ('Independence Day'), never a person, whatever else its words are.
# Words that open a place's name ('Lake Ornis', 'Mount Kenya', 'Port Selwyn', 'Fort Bragg').
PLACE_FIRST = frozenset("lake mount mt cape port fort isle gulf".split())
PLACE_HEADS = frozenset(
    """street avenue road boulevard lane square palace hall airport hotel building stadium arena bridge church
    cathedral mosque temple museum tower centre center station hospital prison castle park gate plaza embassy
    sea ocean river lake mountain mountains peninsula island islands valley gulf bay desert coast strait canal
    forest region""".split()
)
# Nouns of settlement or area: 'the town of Amatrice', 'the province of Aceh' name the place after 'of'.
SETTLEMENT_NOUNS = frozenset(
    """town city village capital province district county state island region municipality suburb port
    hamlet neighbourhood neighborhood prefecture governorate""".split()
)
DAY_HEADS = frozenset("day eve".split())
# Words of a title's portfolio ("for Near Eastern Affairs"); never part of a person's name.
PORTFOLIO_WORDS = frozenset(
    """affairs engagement relations development security policy cooperation operations intelligence justice state
    health education defense defence finance trade energy environment means pressure""".split()
)
MEETING_TRIGGERS = frozenset(
    """meeting meetings met meet meets talks discussed discusses discussions consultations summit
    conference visit visited engaged""".split()
)
PLURAL_TRIGGERS = frozenset("meetings talks discussions consultations".split())
SPEECH_VERBS = frozenset(
    """said says stated states told added noted stressed emphasized emphasised warned explained affirmed
    reaffirmed declared announced insisted concluded revealed underscored urged called""".split()
)
DOCUMENT_KINDS = frozenset(
    "Resolution Resolutions Communique Communiqué Statement Declaration Accord Accords Agreement Charter Protocol "
    "Convention Treaty Memorandum Roadmap Plan".split()
)
