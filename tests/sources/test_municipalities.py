from sources.municipalities import MUNICIPALITIES, Resolution, resolve_municipality


def test_fourteen_municipalities_with_unique_codes():
    assert len({m.code for m in MUNICIPALITIES}) == 14
    assert [m.name for m in MUNICIPALITIES if m.is_core_city] == ["山形市"]


def test_official_names_and_layout_spacing_resolve_exactly():
    assert resolve_municipality("山形市").resolution is Resolution.OFFICIAL
    assert resolve_municipality("山 形 市").code == "06201"
    assert resolve_municipality("大石田町").code == "06341"


def test_variants_resolve_and_are_marked_as_variants():
    resolved = resolve_municipality("かみのやま市")
    assert (resolved.code, resolved.resolution) == ("06207", Resolution.VARIANT)
    assert resolve_municipality("西村山郡河北町").code == "06321"


def test_a_misprint_resolves_to_the_closest_official_name_and_is_flagged():
    resolved = resolve_municipality("寒川江市")
    assert (resolved.municipality.name, resolved.resolution) == ("寒河江市", Resolution.MISPRINT)


def test_a_right_stem_with_the_wrong_suffix_is_a_misprint_of_that_municipality():
    # 上山町 is 上山市 misprinted, not 山辺町 (which shares the 町 suffix).
    assert resolve_municipality("上山町").municipality.name == "上山市"
    assert resolve_municipality("上市市").municipality.name == "上山市"


def test_totals_and_other_municipalities_do_not_resolve():
    for name in ("合計", "その他", "白鷹町", "山形県", ""):
        assert resolve_municipality(name) is None
