"""Tests for the Vietnamese name helpers: normalize, fold and name_sort_key."""

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from candidates.text import fold, name_sort_key, normalize, sort_string


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=name_sort_key)


TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx" + "fjwz"
LOWER_LETTERS = "".join(nfc(v + t) for v in VOWELS for t in TONE_MARKS) + CONSONANTS
VIETNAMESE_LETTERS = LOWER_LETTERS + LOWER_LETTERS.upper()

words = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=7)
separators = st.sampled_from([" ", "  ", "\t", "\xa0", " \n "])


@st.composite
def names(draw: st.DrawFn) -> str:
    """A 1-4 word name, sometimes with stray whitespace around and between the words."""
    parts = draw(st.lists(words, min_size=1, max_size=4))
    text = parts[0]
    for part in parts[1:]:
        text += draw(separators) + part
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", "\t"]))


vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS + " \t\xa0")


def strip_tones(s: str) -> str:
    return nfc("".join(ch for ch in nfd(s) if ch not in TONE_MARKS))


# --- normalize -------------------------------------------------------------------------


def test_normalize_composes_nfd_input():
    assert normalize(nfd("Nguyễn Thị Ánh")) == nfc("Nguyễn Thị Ánh")


def test_normalize_collapses_tabs_newlines_and_nbsp():
    assert normalize("  Trần\t\tVăn\xa0 \n An  ") == "Trần Văn An"


def test_normalize_none_is_empty():
    assert normalize(None) == ""
    assert normalize(" \t ") == ""


def test_normalize_keeps_case_and_accents():
    assert normalize("ĐỖ Thị Ngọc") == "ĐỖ Thị Ngọc"


# --- fold ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["nguyen van an", "NGUYỄN VĂN ÂN", "Nguyễn Văn An"])
def test_fold_ignores_accents_and_case(text):
    assert fold(text) == "nguyen van an"


def test_fold_nfd_input_equals_nfc_input():
    assert fold(nfd("Nguyễn Thị Phượng")) == fold(nfc("Nguyễn Thị Phượng")) == "nguyen thi phuong"


@pytest.mark.parametrize("text", ["Đạt", "đạt", "ĐẠT", "dat"])
def test_fold_maps_d_stroke_to_d(text):
    assert fold(text) == "dat"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ư", "u"),
        ("Ư", "u"),
        ("ơ", "o"),
        ("Ơ", "o"),
        ("ă", "a"),
        ("Ă", "a"),
        ("â", "a"),
        ("Â", "a"),
        ("ê", "e"),
        ("Ê", "e"),
        ("ô", "o"),
        ("Ô", "o"),
        ("ự", "u"),
        ("Ờ", "o"),
        ("ẵ", "a"),
        ("Ậ", "a"),
        ("ể", "e"),
        ("ỗ", "o"),
    ],
)
def test_fold_strips_letter_modifiers_and_tones(text, expected):
    assert fold(text) == expected


def test_fold_collapses_and_trims_whitespace():
    assert fold("  Lê\t\tThị\xa0Hồng \n") == "le thi hong"


def test_fold_none_is_empty():
    assert fold(None) == ""
    assert fold("   ") == ""


def test_fold_drops_stray_mark_between_spaces_without_leaving_a_gap():
    assert fold("An \u0301 Bình") == "an binh"


# --- name_sort_key: single rules -------------------------------------------------------


def test_sort_d_before_d_stroke():
    assert sort_names(["Đạt", "Dũng"]) == ["Dũng", "Đạt"]
    assert sort_names(["Đỗ Văn Bình", "Dương Văn Bình"]) == ["Dương Văn Bình", "Đỗ Văn Bình"]


def test_sort_u_before_u_horn():
    assert sort_names(["Ưng", "Uyên"]) == ["Uyên", "Ưng"]


def test_sort_o_then_o_circumflex_then_o_horn():
    assert sort_names(["Ơn", "Ôn", "Oanh"]) == ["Oanh", "Ôn", "Ơn"]


def test_sort_a_then_a_breve_then_a_circumflex():
    assert sort_names(["Ân", "Ăn", "An"]) == ["An", "Ăn", "Ân"]


def test_sort_e_before_e_circumflex():
    assert sort_names(["Ênh", "Em"]) == ["Em", "Ênh"]


def test_sort_tones_only_break_ties():
    assert sort_names(["Ăn", "Ánh", "Anh"]) == ["Anh", "Ánh", "Ăn"]
    # The base letters of "Ánh" come after "An" whatever the tones say.
    assert sort_names(["Ánh", "Ân", "Án"]) == ["Án", "Ánh", "Ân"]


def test_sort_tones_in_dictionary_order():
    # none, huyền, hỏi, ngã, sắc, nặng
    expected = ["Ha", "Hà", "Hả", "Hã", "Há", "Hạ"]
    assert sort_names(list(reversed(expected))) == expected


def test_sort_vietnamese_alphabet_with_foreign_letters_at_latin_places():
    alphabet = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    shuffled = [letter.upper() if i % 2 else letter for i, letter in enumerate(alphabet)]
    random.Random(7).shuffle(shuffled)
    assert [s.lower() for s in sort_names(shuffled)] == alphabet


def test_sort_foreign_letters_between_neighbours():
    assert sort_names(["Ga", "Fa", "Ênh"]) == ["Ênh", "Fa", "Ga"]
    assert sort_names(["Kim", "Jan", "Ira"]) == ["Ira", "Jan", "Kim"]
    assert sort_names(["Xuân", "Wang", "Vân"]) == ["Vân", "Wang", "Xuân"]
    assert sort_names(["Zin", "Yến"]) == ["Yến", "Zin"]


def test_sort_is_case_insensitive():
    # Code point order would put every capital before "an".
    assert sort_names(["Bình", "ANH", "an"]) == ["an", "ANH", "Bình"]
    assert sort_names(["đạt", "DŨNG"]) == ["DŨNG", "đạt"]


def test_sort_given_name_decides_first():
    assert sort_names(["Trần Thị Bình", "Nguyễn Văn An"]) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_sort_middle_names_before_family_name():
    assert sort_names(["Phạm Minh Tuấn", "Phạm Anh Tuấn"]) == ["Phạm Anh Tuấn", "Phạm Minh Tuấn"]
    assert sort_names(["Hồ Phương Phương", "Hồ Phương Giang"]) == [
        "Hồ Phương Giang",
        "Hồ Phương Phương",
    ]
    assert sort_names(["Bùi Văn An", "Vũ Thị An"]) == ["Vũ Thị An", "Bùi Văn An"]


def test_sort_family_name_decides_last():
    assert sort_names(["Nguyễn Văn An", "Lê Văn An"]) == ["Lê Văn An", "Nguyễn Văn An"]


def test_sort_multiple_middle_names_in_order():
    names_ = ["Lê Thị Ngọc Ánh", "Lê Thị Ánh", "Lê Thị Kim Ánh", "Lê Minh Ánh"]
    assert sort_names(names_) == ["Lê Minh Ánh", "Lê Thị Ánh", "Lê Thị Kim Ánh", "Lê Thị Ngọc Ánh"]


def test_sort_no_middle_name_before_any_middle_name():
    # The missing middle name decides before the family name gets a say.
    assert sort_names(["Lê Văn An", "Vũ An"]) == ["Vũ An", "Lê Văn An"]


def test_sort_one_word_name_is_a_given_name():
    assert sort_names(["Lê Bình", "An"]) == ["An", "Lê Bình"]
    assert sort_names(["Lê An", "An"]) == ["An", "Lê An"]


def test_sort_tones_compared_given_then_middle_then_family():
    # Same base letters everywhere: the given name's tone wins over the family name's.
    assert sort_names(["Lê Văn Án", "Lễ Văn An"]) == ["Lễ Văn An", "Lê Văn Án"]
    assert sort_names(["Lê Vặn An", "Lễ Văn An"]) == ["Lễ Văn An", "Lê Vặn An"]
    assert sort_names(["Lễ Văn An", "Lê Văn An"]) == ["Lê Văn An", "Lễ Văn An"]


def test_sort_old_and_new_tone_placement_stay_together():
    # "Thuý" and "Thúy" are one name spelt two ways; a huyền spelling must not fall between.
    assert sort_names(["Thúy", "Thùy", "Thuý", "Thuỳ"]) == ["Thuỳ", "Thùy", "Thuý", "Thúy"]


def test_sort_key_same_for_nfd_input_and_stray_spaces():
    name = "Nguyễn Thị Phượng"
    assert name_sort_key(nfd(name)) == name_sort_key(name)
    assert name_sort_key("  Nguyễn\t Thị\xa0Phượng ") == name_sort_key(name)


def test_sort_key_differs_for_case_only_differences_but_orders_them_fixed():
    assert name_sort_key("an") != name_sort_key("An")
    assert sort_names(["an", "An"]) == sort_names(["An", "an"])


def test_sort_key_handles_empty_and_none():
    assert sort_names(["An", "", "  "])[:2] == ["", "  "]
    assert name_sort_key(None) == name_sort_key("")


def test_sort_key_handles_characters_outside_the_alphabet():
    assert sort_names(["Zin", "H'Hen Niê", "Ana-Maria", "Müller", "Mai"]) == [
        "Ana-Maria",
        "Mai",
        "Müller",
        "H'Hen Niê",
        "Zin",
    ]


def test_sort_key_orders_by_ints_and_tuples_not_code_points():
    def only_ints(value):
        if isinstance(value, tuple):
            return all(only_ints(v) for v in value)
        return isinstance(value, int)

    key = name_sort_key("Nguyễn Thị Ngọc Ánh")
    # Only the last element, the final tiebreak, is the name itself.
    assert only_ints(key[:-1])
    assert key[-1] == "Nguyễn Thị Ngọc Ánh"


CLASS_LIST = [
    "Nguyễn Văn An",
    "Mai Anh",
    "Trần Minh Anh",
    "Lê Thị Ánh",
    "Phạm Thị Ngọc Ánh",
    "Dương Văn Bình",
    "Đỗ Văn Bình",
    "Vũ Đức Dũng",
    "Hoàng Văn Đạt",
    "Bùi Thị Hà",
    "Bùi Thị Hạ",
    "Đặng Thu Hà",
    "Nguyễn Thị Oanh",
    "Trương Thị Ôn",
    "Lý Văn Ơn",
    "Hồ Thị Uyên",
    "Dương Văn Ưng",
]


@pytest.mark.parametrize("seed", range(5))
def test_sort_real_class_list_in_school_order(seed):
    shuffled = CLASS_LIST[:]
    random.Random(seed).shuffle(shuffled)
    assert sort_names(shuffled) == CLASS_LIST


def test_sort_real_class_list_typed_in_nfd_with_stray_spaces():
    messy = [" " + nfd(name).replace(" ", "  ") + "\t" for name in reversed(CLASS_LIST)]
    assert [normalize(name) for name in sort_names(messy)] == CLASS_LIST


# --- properties ------------------------------------------------------------------------


@given(vietnamese_text)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese_text)
def test_fold_same_for_nfd_and_nfc(text):
    assert fold(nfd(text)) == fold(nfc(text)) == fold(text)


@given(vietnamese_text)
def test_fold_output_is_plain(text):
    folded = fold(text)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded
    assert folded == folded.lower()
    assert set(folded) <= set("abcdefghijklmnopqrstuvwxyz ")


@given(st.text())
def test_fold_never_crashes_on_any_text(text):
    folded = fold(text)
    assert isinstance(folded, str)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert fold(nfd(text)) == fold(nfc(text))


@given(vietnamese_text)
def test_fold_ignores_case(text):
    assert fold(text.upper()) == fold(text.lower())


@given(names())
def test_sort_key_same_for_nfd_and_nfc(name):
    assert name_sort_key(nfd(name)) == name_sort_key(nfc(name)) == name_sort_key(name)


@given(names(), names())
def test_sort_key_equal_only_for_the_same_normalized_name(a, b):
    assert (name_sort_key(a) == name_sort_key(b)) == (normalize(a) == normalize(b))


@given(st.lists(names(), max_size=12), st.randoms(use_true_random=False))
def test_sorting_is_deterministic_whatever_the_input_order(names_, rnd):
    shuffled = names_[:]
    rnd.shuffle(shuffled)
    expected = [normalize(n) for n in sort_names(names_)]
    assert [normalize(n) for n in sort_names(shuffled)] == expected
    assert [normalize(n) for n in sort_names([nfd(n) for n in shuffled])] == expected


@given(names(), names())
def test_tones_never_outweigh_base_letters(a, b):
    plain_a, plain_b = normalize(strip_tones(a)).lower(), normalize(strip_tones(b)).lower()
    if plain_a != plain_b:
        assert (name_sort_key(a) < name_sort_key(b)) == (
            name_sort_key(plain_a) < name_sort_key(plain_b)
        )


# --- sort_string: the same order as a string of digits, for the database ---------------


@given(st.lists(names(), min_size=2, max_size=8), st.text(alphabet="-'0189ü", max_size=2))
def test_sort_string_orders_exactly_like_name_sort_key(name_list, odd):
    name_list = name_list + [name_list[0] + odd]
    by_key = sorted(name_list, key=lambda n: (name_sort_key(n), n))
    by_string = sorted(name_list, key=lambda n: (sort_string(n), n))
    assert [name_sort_key(n) for n in by_key] == [name_sort_key(n) for n in by_string]


@given(names())
def test_sort_string_is_digits_only(name):
    assert sort_string(name).isdigit()


def test_sort_string_keeps_the_school_order_of_hard_names():
    hard = ["Đỗ Đạt", "Lê Dũng", "Vũ An", "Lê Văn An", "Trần Ánh", "Phạm Anh", "Hồ Ưng", "Hồ Uyên"]
    assert sorted(hard, key=sort_string) == sorted(hard, key=name_sort_key)
    assert sorted(hard, key=sort_string) == [
        "Vũ An",
        "Lê Văn An",
        "Phạm Anh",
        "Trần Ánh",
        "Lê Dũng",
        "Đỗ Đạt",
        "Hồ Uyên",
        "Hồ Ưng",
    ]
