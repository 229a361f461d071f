"""The gazetteer: folding, lookups of conflict and US places, the shipped data file."""

from __future__ import annotations

from importlib import resources

import pytest

from idlibparse import gazetteer
from idlibparse.gazetteer import Place, fold, lookup, loose


def names_of(surface: str) -> list[tuple[str, str, str]]:
    return [(p.name, p.type, p.country_code) for p in lookup(surface)]


def first(surface: str, type_: str | None = None, country: str | None = None) -> Place:
    for place in lookup(surface):
        if (type_ is None or place.type == type_) and (country is None or place.country_code == country):
            return place
    raise AssertionError(f"no {type_ or 'place'} in {country or 'any country'} for {surface!r}")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ma'arrat al-Nu'man", "Maarrat al-Numan"),
        ("Ma’arrat al-Nu’man", "MAARRAT AL NUMAN"),
        ("Maʿarrat an-Nuʿmān", "Maarrat al Numan"),
        ("Jisr ash-Shughur", "Jisr al-Shughur"),
        ("Jisr esh Shughur", "jisr al shughur"),
        ("Deir ez-Zor", "Deir al Zor"),
        ("Ar Raqqah", "al-Raqqah"),
        ("El Fasher", "Al-Fasher"),
        ("Dūmā", "Duma"),
        ("A‘zāz", "Azaz"),
        ("Saint Louis", "St. Louis"),
        ("The Hague", "Hague"),
        ("U.K.", "UK"),
        ("Idlib‐province", "Idlib province"),
        ("São Paulo", "Sao Paulo"),
        ("Kraków", "Krakow"),
        ("Łódź", "Lodz"),
    ],
)
def test_fold_variants_meet(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_loose_collapses_doubled_letters() -> None:
    assert loose(fold("Ma'arrat al-Nu'man")) == loose(fold("Maarat al-Numan")) == "marat al numan"
    assert loose("raqqa") == loose("raqa")
    assert fold("Room") != fold("Rome")  # doubled letters stay in exact keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("as well", "al well"),  # "as" is an article only before a word starting with s
        ("U.S. Senate", "al Senate"),  # "us" is no article
        ("Idlib", "Idleb"),  # vowel variants are alternate names in the data, not folded
        ("Saraqeb", "Saraqib"),
        ("the", ""),  # a lone "the" is kept
    ],
)
def test_fold_keeps_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_fold_shape() -> None:
    assert fold("  Ma'arrat   al-Nu'man ") == "maarrat al numan"
    assert fold("Khan Sheikhoun") == "khan sheikhoun"
    assert fold("") == ""


def test_idlib_is_province_and_city() -> None:
    kinds = {(p.type, p.country_code) for p in lookup("Idlib")}
    assert {("admin1", "SY"), ("city", "SY")} <= kinds
    province = first("Idlib", "admin1")
    assert province.name == "Idlib"
    assert province.admin1 == "Idlib"
    assert first("Idlib province").type == "admin1"
    assert first("Idlib Governorate") == province
    city = first("Idlib", "city")
    assert abs(city.lat - 35.93) < 0.05
    assert abs(city.lon - 36.63) < 0.05
    assert city.geonames_id == 169389 or city.geonames_id is not None


@pytest.mark.parametrize("spelling", ["Saraqib", "Saraqeb", "SARAQEB", "Sarakeb"])
def test_saraqib_spellings(spelling: str) -> None:
    place = first(spelling, country="SY")
    assert place.name == "Saraqib"
    assert place.type == "town"
    assert place.admin1 == "Idlib"


@pytest.mark.parametrize(
    "spelling",
    ["Maarat al-Numan", "Ma'arrat al-Nu'man", "Maarrat al-Numan", "Ma’arat al-Numan", "Maarat an-Numan"],
)
def test_maarat_al_numan_spellings(spelling: str) -> None:
    place = first(spelling, country="SY")
    assert place.name == "Maarat al-Numan"
    assert place.type == "town"
    assert place.admin1 == "Idlib"
    assert place.geonames_id is not None


def test_curated_villages() -> None:
    mastoumah = first("Al-Mastoumah")
    assert (mastoumah.type, mastoumah.country_code, mastoumah.admin1) == ("village", "SY", "Idlib")
    assert mastoumah.geonames_id is None
    assert abs(mastoumah.lat - 35.874) < 0.01
    assert abs(mastoumah.lon - 36.631) < 0.01
    assert first("al-Mastumah") == mastoumah
    eis = first("Al-Eis")
    assert (eis.type, eis.country_code, eis.geonames_id) == ("village", "SY", None)
    assert first("al Eis") == eis


@pytest.mark.parametrize("spelling", ["Azaz", "AZAZ", "A'zaz", "Aazaz"])
def test_azaz(spelling: str) -> None:
    place = first(spelling, country="SY")
    assert (place.name, place.type, place.admin1) == ("Azaz", "town", "Aleppo")


def test_aleppo_city() -> None:
    city = first("Aleppo", "city")
    assert city.country_code == "SY"
    assert city.population > 1_000_000
    assert first("Aleppo", "admin1").country_code == "SY"


def test_capitals_act_for_their_country() -> None:
    ankara = first("Ankara", "city")
    assert ankara.capital_of == "TR"
    assert ankara.feature_code == "PPLC"
    assert first("Damascus", "city").capital_of == "SY"
    assert first("Beirut", "city").capital_of == "LB"
    assert first("Istanbul", "city").capital_of is None


def test_tripoli_is_ambiguous() -> None:
    countries = [p.country_code for p in lookup("Tripoli") if p.type == "city"]
    assert "LY" in countries
    assert "LB" in countries
    assert countries.index("LY") < countries.index("LB")  # the bigger one first


def test_alexandria_in_egypt_and_the_us() -> None:
    found = {
        (p.country_code, p.admin1) for p in lookup("Alexandria") if p.type in ("city", "town", "village")
    }
    assert ("EG", "Alexandria") in found
    assert ("US", "Virginia") in found
    assert ("US", "Louisiana") in found


def test_us_county_and_parish() -> None:
    rapides = first("Rapides Parish")
    assert (rapides.type, rapides.country_code, rapides.admin1) == ("admin2", "US", "Louisiana")
    assert 30.5 < rapides.lat < 31.8
    assert -93.2 < rapides.lon < -91.8
    assert first("Orange County", "admin2", "US") is not None
    assert not lookup("Rapides")  # a county's bare name is no key


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("United Kingdom", "GB"),
        ("U.S.", "US"),
        ("United States", "US"),
        ("America", "US"),
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Iran", "IR"),
        ("South Korea", "KR"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("DR Congo", "CD"),
        ("Democratic Republic of the Congo", "CD"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Burma", "MM"),
        ("Palestine", "PS"),
        ("the Netherlands", "NL"),
    ],
)
def test_countries_by_alternate_names(surface: str, code: str) -> None:
    place = lookup(surface)[0]
    assert (place.type, place.country_code) == ("country", code)
    assert gazetteer.country(code) == place


def test_country_and_admin1_accessors() -> None:
    syria = gazetteer.country("sy")
    assert syria is not None
    assert syria.name == "Syria"
    assert syria.admin1 is None
    assert gazetteer.country("XX") is None
    idlib = gazetteer.admin1("SY", "Idlib")
    assert idlib is not None
    assert idlib.type == "admin1"
    assert gazetteer.admin1("SY", "Idlib Governorate") == idlib
    assert gazetteer.admin1("TR", "Idlib") is None
    assert "Aleppo" in {p.name for p in gazetteer.admin1_places("SY")}


@pytest.mark.parametrize(
    "name",
    [
        "Tal Abyad",
        "Ras al-Ain",
        "Khan Sheikhoun",
        "Kafranbel",
        "Jisr al-Shughur",
        "Douma",
        "Eastern Ghouta",
        "Manbij",
        "Afrin",
        "Kobani",
        "Deir ez-Zor",
        "Raqqa",
        "Mosul",
        "Fallujah",
        "Ramadi",
        "Tikrit",
        "Sinjar",
        "Hodeidah",
        "Marib",
        "Taiz",
        "Bakhmut",
        "El Fasher",
        "Darfur",
    ],
)
def test_conflict_places_are_known(name: str) -> None:
    assert lookup(name), name


def test_us_state_abbreviations() -> None:
    louisiana = gazetteer.abbreviation("La.")
    assert louisiana is not None
    assert (louisiana.name, louisiana.type) == ("Louisiana", "admin1")
    assert gazetteer.abbreviation("LA") == louisiana
    california = gazetteer.abbreviation("Calif.")
    assert california is not None
    assert california.name == "California"
    assert first("Calif.").name == "California"  # safe abbreviations are names too
    assert not lookup("Miss.")  # "Miss." is a title, only an abbreviation in context
    assert gazetteer.abbreviation("Xyz.") is None


def test_prefix_probes() -> None:
    assert gazetteer.has_prefix(fold("Maarat al"))
    assert gazetteer.has_prefix("new")
    assert gazetteer.has_first_token("marat")
    assert gazetteer.has_first_token("idlib")
    assert not gazetteer.has_prefix("idlib governorate")
    assert not gazetteer.has_first_token("zzqx")
    assert gazetteer.is_known("idlib")
    assert not gazetteer.is_known("idli")
    assert gazetteer.max_name_tokens() >= 5


@pytest.mark.parametrize(
    "word",
    ["The", "said", "people", "would", "Army", "Border", "Room", "Will", "Good", "Area", "Still", "Peace"],
)
def test_common_words_are_not_places(word: str) -> None:
    assert not lookup(word)


@pytest.mark.parametrize(
    ("spelling", "name"), [("Raqa", "Raqqa"), ("Falluja", "Fallujah"), ("Tel Rifat", "Tell Rifaat")]
)
def test_doubled_letters_meet_in_transliterating_countries(spelling: str, name: str) -> None:
    assert name in {p.name for p in lookup(spelling)}


def test_common_word_flag() -> None:
    assert gazetteer.is_common_word("mobile")  # Mobile, Alabama
    assert gazetteer.is_common_word("of")  # Of, Turkey
    assert not gazetteer.is_common_word("idlib")
    assert lookup("Mobile")  # a place's main name stays a key; the flag asks for context


def test_candidate_order() -> None:
    for key in ("Idlib", "Aleppo", "Tripoli", "Alexandria", "Georgia", "Hama", "Sahel", "Raqa"):
        places = lookup(key)
        ranks = [gazetteer.candidate_rank(p.type, p.country_code) for p in places]
        assert ranks == sorted(ranks), key
        rest = [p.population for p in places if p.type not in ("country", "admin1")]
        assert rest == sorted(rest, reverse=True), key


def test_regions() -> None:
    europe = first("Europe")
    assert (europe.type, europe.country_code, europe.feature_code) == ("region", "", "CONT")
    middle_east = lookup("Middle East")[0]  # before the village of that name in Maryland
    assert (middle_east.type, middle_east.country_code) == ("region", "")
    assert 25 < middle_east.lat < 35
    assert 35 < middle_east.lon < 50
    assert first("Darfur").country_code == "SD"


def test_every_row_is_sound() -> None:
    count = 0
    for place in gazetteer.places():
        count += 1
        assert -90.0 <= place.lat <= 90.0, place
        assert -180.0 <= place.lon <= 180.0, place
        assert place.type in gazetteer.TYPES, place
        assert place.name, place
        assert place.name == place.name.strip(), place
        assert len(place.country_code) == 2 or (place.type == "region" and place.country_code == ""), place
        assert place.population >= 0
    assert count == gazetteer.size() > 50_000


def test_counts_per_type() -> None:
    counts: dict[str, int] = {}
    for place in gazetteer.places():
        counts[place.type] = counts.get(place.type, 0) + 1
    assert 240 <= counts["country"] <= 260
    assert counts["admin1"] > 3000
    assert counts["admin2"] > 3000
    assert counts["city"] > 4000
    assert counts["village"] > 10_000


def test_data_file_has_provenance_and_matching_fold() -> None:
    raw = resources.files("idlibparse.data").joinpath(gazetteer.DATA_FILE).read_bytes()
    head = raw[:4000].decode("utf-8")
    assert "GeoNames" in head
    assert "CC BY 4.0" in head
    assert f"# fold_version: {gazetteer.FOLD_VERSION}" in head


@pytest.mark.parametrize(
    "surface", ["Idlib", "Raqa", "Room", "Maarrat", "Game", "Tripoli", "zzqx", "Al-Mastoumah", "U.S. Senate"]
)
def test_is_known_agrees_with_lookup(surface: str) -> None:
    key = fold(surface)
    assert gazetteer.is_known(key) == bool(gazetteer.lookup_folded(key))
