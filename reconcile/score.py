"""String similarity, the one place rapidfuzz is used; every score says how it was reached."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reconcile.normalize import (
    RANK_MODIFIERS,
    RANK_SYNONYMS,
    STOPWORDS,
    TitleParts,
    acronym,
    fold,
    formal_given_name,
    person_name,
    skeleton,
    stem,
    stemmed,
    title_parts,
)

GIVEN_NAME_NEAR = 70.0  # similarity (0-100) of two given names that may be one name spelt another way


def _nospace(text: str) -> str:
    return text.replace(" ", "")


def person_scores(query: str, names: Sequence[str]) -> list[float]:
    """Best similarity of a person name to each candidate name, tolerant of split and joined words.

    'Abdul Rahman Mustafa' vs 'Abdulrahman Mustafa' only meet once spaces are ignored, while
    'Hadi Al-Bahra' vs 'Bahra, Hadi' only meet with sorted tokens; the larger score wins.
    """
    folded = [formal_given_name(person_name(n)) for n in names]
    q = formal_given_name(person_name(query))
    joined = process.cdist([_nospace(q)], [_nospace(f) for f in folded], scorer=fuzz.ratio)[0]
    sorted_tokens = process.cdist([q], folded, scorer=fuzz.token_sort_ratio)[0]
    return [
        MIDDLE_LEFT_OUT if _middle_left_out(q, f) else float(max(a, b))
        for a, b, f in zip(joined, sorted_tokens, folded, strict=True)
    ]


# 'Eric Kirkpatrick' for 'Eric Allen Kirkpatrick': reports drop middle names at will; a strong name, not a perfect one.
MIDDLE_LEFT_OUT = 95.0


def _middle_left_out(left: str, right: str) -> bool:
    """Whether one full name is the other with middle names left out: same first and last word, the rest of the
    shorter in the longer's middle."""
    a, b = sorted((left.split(), right.split()), key=len)
    if len(a) < 2 or len(a) == len(b) or a[0] != b[0] or a[-1] != b[-1]:
        return False
    return set(a[1:-1]) <= set(b[1:-1])


def same_given_name(left: str, right: str) -> bool:
    """Whether two names can share a first name: Badr/Bader and Mohammed/Muhammad can, Hadi/Hani cannot.

    A name without a given name ('Jamous') is compatible with any. Where both names give a middle name,
    its initial must agree: 'Mary Lou Nye' and 'Mary Jo Nye' are two sisters-in-law in one report, while
    'David Brian Evans' and 'David Bryant Evans' are one man spelt two ways.
    """
    a, b = formal_given_name(person_name(left)).split(), formal_given_name(person_name(right)).split()
    if len(a) < 2 or len(b) < 2:
        return True
    if len(a) > 2 and len(b) > 2 and a[1][:1] != b[1][:1]:
        return False
    return skeleton(a[0]) == skeleton(b[0]) or fuzz.ratio(a[0], b[0]) >= 85


def close_given_name(left: str, right: str) -> bool:
    """Whether two given names could be one name spelt far apart (Hadi/Hani, Heba/Hiba), which near names need
    before a shared post may make them one person; Megan/Anne or Riad/Hiba cannot. A missing one is close to any.

    The given name is what precedes the family name both share: 'Badr Sheikh Ahmad' and 'Hind Sheikh Ahmad' have a
    family name of two words in common, and their given names are Badr and Hind, not 'Badr Sheikh' and 'Hind Sheikh'.
    """
    a, b = _given_words(left), _given_words(right)
    while a and b and a[-1] == b[-1]:  # a shared word before the surname is the family name's, not the given name's
        a, b = a[:-1], b[:-1]
    # all but the surname, run together: 'Abdul Rahman' is 'Abdulrahman' spelt apart
    return not a or not b or fuzz.ratio("".join(a), "".join(b)) >= GIVEN_NAME_NEAR


def _given_words(name: str) -> list[str]:
    """The words of a person's name before the surname, the given name made formal ('Bill' is 'William')."""
    return formal_given_name(person_name(name)).split()[:-1]


# Similarity (0-100) of two surnames that may be one family name spelt another way (Sabbagh/Sabbag, Khoury/Khuri).
SURNAME_NEAR = 70.0


def near_surname(left: str, right: str) -> bool:
    """Whether two person names can share a family name: the surnames, or everything after the given names, spelt
    alike or nearly (Sabbagh/Sabbag, 'Abdel Nour'/'Abdelnour'). Names alike only in their given names are two
    families: Nabil Sabbagh and Nabil Shaban score as near as Hadi Bahri and Hani Bahri, yet share nothing but
    'Nabil'."""
    a, b = _family_words(left), _family_words(right)
    if not a or not b:
        return True
    return max(fuzz.ratio(a[-1], b[-1]), fuzz.ratio("".join(a), "".join(b))) >= SURNAME_NEAR


def _family_words(name: str) -> list[str]:
    """The words after the first of a person's name as it is compared (particles joined: 'alhamwi'); none for a
    name of one word."""
    return formal_given_name(person_name(name)).split()[1:]


def organisation_best(queries: Sequence[str], names: Sequence[str]) -> list[float]:
    """For each candidate name, its best similarity to any query name.

    Organisations match on stemmed words (Negotiating = Negotiation), or when one name is written as
    an acronym of the other (SNC = Syrian Negotiation Commission).
    """
    if not names:
        return []
    matrix = process.cdist([stemmed(q) for q in queries], [stemmed(n) for n in names], scorer=fuzz.ratio)
    best = [float(v) for v in matrix.max(axis=0)]
    short = {acronym(q) for q in queries if _is_short_form(q)} - {None}
    long = {acronym(q) for q in queries} - {None}
    for i, name in enumerate(names):
        if (acronym(name) in short) or (_is_short_form(name) and acronym(name) in long):
            best[i] = max(best[i], 95.0)
    return best


def _is_short_form(name: str) -> bool:
    """'SNC', 'U.S.': an acronym as written, not a name that happens to have initials."""
    stripped = name.strip(". ")
    return " " not in stripped and stripped.replace(".", "").isupper()


def best_matches(query: str, choices: Sequence[str], cutoff: float) -> list[tuple[str, float, int]]:
    """Choices at or above `cutoff` by token-set similarity, best first (for free-text set members)."""
    found = process.extract(query, choices, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=None)
    return [(str(choice), float(value), int(index)) for choice, value, index in found]


def closest_stretch(needle: str, text: str, cutoff: float) -> tuple[int, int] | None:
    """Where in `text` the stretch most like `needle` lies, if it scores `cutoff` or more (partial ratio)."""
    found = fuzz.partial_ratio_alignment(needle, text, score_cutoff=cutoff)
    return None if found is None else (found.dest_start, found.dest_end)


def text_similarity(left: str, right: str) -> float:
    """Token-set similarity of two free-text values (topics, stances), in [0, 100]."""
    return float(fuzz.token_set_ratio(left, right))


@dataclass(frozen=True)
class TitleComparison:
    """How two job titles relate: 'same', 'reworded' (same post, other words) or 'different' post."""

    relation: str
    score: float
    detail: str


def compare_titles(left: str, right: str, same_organisation: bool | None) -> TitleComparison:
    """Compare two titles by rank and portfolio, so rewordings are told apart from other posts.

    `same_organisation` is what the resolver knows of the organisations the titles name (None: unknown).
    Portfolios are compared symmetrically: 'Levant and Near East Bureau' is not a rewording of
    'Levant and Syria Engagement', even though one shares most of its words with the longer title.
    """
    if fold(left) == fold(right):
        return TitleComparison("same", 100.0, "identical once case and punctuation are ignored")
    specific = _more_specific(left, right)
    if specific:
        return TitleComparison("reworded", 100.0, specific)
    a, b = title_parts(left), title_parts(right)
    rank = fuzz.ratio(a.rank, b.rank)
    if rank < 90:
        return TitleComparison("different", rank, f"rank {a.rank!r} vs {b.rank!r} (similarity {rank:.0f})")
    if same_organisation:
        return TitleComparison("reworded", 100.0, f"rank {a.rank!r} of the same organisation on both")
    if not a.portfolio or not b.portfolio:
        return TitleComparison("reworded", 100.0, f"rank {a.rank!r} on both; one title is less specific")
    if _is_acronym_of(a.portfolio, b.portfolio) or _is_acronym_of(b.portfolio, a.portfolio):
        return TitleComparison("reworded", 100.0, f"rank {a.rank!r}; {a.portfolio!r} ~ {b.portfolio!r} (acronym)")
    portfolio = fuzz.token_sort_ratio(_without_country(a.portfolio, b), _without_country(b.portfolio, a))
    if portfolio >= 85:
        return TitleComparison("reworded", portfolio, f"rank {a.rank!r}; portfolios agree ({portfolio:.0f})")
    return TitleComparison(
        "different",
        portfolio,
        f"rank {a.rank!r} on both, but portfolio {a.portfolio!r} vs {b.portfolio!r} (similarity {portfolio:.0f})",
    )


# Words that make another post of the one they qualify: a 'Deputy Minister' is not the 'Minister'.
POST_CHANGING = (RANK_MODIFIERS - {"senior"}) | {"former", "ex", "interim", "co", "general", "associate"}


def _title_words(title: str) -> list[tuple[str, str]]:
    """(word, comparable form) of a title's significant words, one rank word standing for its synonyms."""
    words = [w for w in fold(title).split() if w not in STOPWORDS]
    return [(w, stem(RANK_SYNONYMS.get(w, w))) for w in words]


def _more_specific(left: str, right: str) -> str | None:
    """Why one title names the other's post with more words, or None: 'Police Chief' within 'Woodburn Police
    Chief', 'head of GSEE' within 'head of the GSEE private sector union', 'CHP Officer' within 'California
    Highway Patrol Officer' (the extra words' initials). Reports add the employer or the place to a post as
    they please; an extra word that changes the post itself ('deputy', 'vice', 'former') never counts."""
    (short, short_title), (long_, long_title) = sorted(
        ((_title_words(left), left), (_title_words(right), right)), key=lambda item: len(item[0])
    )
    short_forms, long_forms = {f for _, f in short}, {f for _, f in long_}
    extra = [w for w, f in long_ if f not in short_forms]
    if not short or any(w in POST_CHANGING for w in extra):
        return None
    if short_forms <= long_forms and _portfolio_within(title_parts(short_title), title_parts(long_title)):
        return f"one title adds {' '.join(extra)!r} to the other"
    missing = [w for w, f in short if f not in long_forms]
    if len(missing) == 1 and len(extra) >= 2 and missing[0] == "".join(w[0] for w in extra):
        return f"{missing[0]!r} is the initials of {' '.join(extra)!r}"
    return None


def _portfolio_within(short: TitleParts, long: TitleParts) -> bool:
    """Whether the shorter title's portfolio lies within the longer one's: 'for the Levant and Near East Bureau'
    is not within 'for Levant and Syria Engagement in the Bureau of Near Eastern Affairs', though every word is
    there, because in the longer title 'Near East' is where the post sits, not what it is for."""
    return set(short.portfolio.split()) <= set(long.portfolio.split())


def _without_country(portfolio: str, other: TitleParts) -> str:
    """'of Turkey' says what the other title's 'Turkish' prefix said: drop it before comparing."""
    stems = {n[:4] for n in other.nationality if len(n) >= 4}
    return " ".join(w for w in portfolio.split() if w[:4] not in stems)


def _is_acronym_of(short: str, long: str) -> bool:
    words = long.split()
    return " " not in short and len(words) >= 2 and short == "".join(w[0] for w in words)
