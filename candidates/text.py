"""Text helpers for Vietnamese names: normal form, search key, school-list sort key."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize(s: str | None) -> str:
    """NFC, outer spaces trimmed, inner runs of whitespace collapsed to one space."""
    if s is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(s))).strip()


class _FoldTable(dict[int, int | str | None]):
    """str.translate table that deletes combining marks, filled lazily per code point."""

    # Scanning all of Unicode for combining marks at import would cost a noticeable
    # startup delay; names use a few dozen code points, so caching on first sight is cheaper.
    def __missing__(self, codepoint: int) -> int | None:
        value = None if unicodedata.combining(chr(codepoint)) else codepoint
        self[codepoint] = value
        return value


# đ is a letter of its own in Unicode (it has no decomposition), so NFD leaves it alone.
_FOLD_TABLE = _FoldTable({ord("đ"): "d"})


def fold(s: str | None) -> str:
    """Search key: lower case, every diacritic and tone removed, đ -> d, spaces collapsed."""
    if s is None:
        return ""
    # NFD already reorders marks canonically, so an NFC pass first would be wasted work.
    decomposed = unicodedata.normalize("NFD", str(s).lower())
    # Collapse spaces after deleting marks: a stray mark between two spaces would leave a gap.
    return _SPACES.sub(" ", decomposed.translate(_FOLD_TABLE)).strip()


# Foreign letters f j w z sit at their Latin places so loan names still sort sensibly.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Keyed by NFD spelling because name_sort_key reads letters as base + modifier marks.
_LETTER_RANK = {unicodedata.normalize("NFD", letter): i for i, letter in enumerate(_ALPHABET)}
# Characters outside the alphabet (digits, hyphens, other scripts) go after z, by code point,
# so the order stays total without pretending to know where they belong.
_OTHER_RANK = len(_ALPHABET)
# Marks that make a different letter (ă â ê ô ơ ư) rather than a tone.
_MODIFIERS = frozenset("\u0306\u0302\u031b")
# Dictionary order of tones; "no tone" is the empty tuple, which sorts before all of these.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter_rank(base: str, modifiers: str) -> int:
    """Rank of one letter: its Vietnamese alphabet position, or after z by code point."""
    rank = _LETTER_RANK.get(base + modifiers)
    if rank is None:
        rank = _LETTER_RANK.get(base)
    if rank is None:
        rank = _OTHER_RANK + ord(base)
    return rank


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Letter ranks of one word without tones, and the word's tones in reading order."""
    letters: list[int] = []
    tones: list[int] = []
    base = ""
    modifiers = ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        tone = _TONE_RANK.get(ch)
        if tone is not None:
            tones.append(tone)
        elif unicodedata.combining(ch):
            # Other marks (e.g. a diaeresis in a foreign name) are left to the final tiebreak.
            if ch in _MODIFIERS:
                modifiers += ch
        else:
            if base:
                letters.append(_letter_rank(base, modifiers))
            base, modifiers = ch, ""
    if base:
        letters.append(_letter_rank(base, modifiers))
    # Tones are kept per word, not per letter, so "Thúy" and "Thuý" (old and new placement
    # of the same mark) tie here and only the final tiebreak separates them.
    return tuple(letters), tuple(tones)


def name_sort_key(full_name: str | None) -> tuple:
    """Key for Vietnamese class-list order: given name, middle names, family name."""
    name = normalize(full_name)
    words = [_word_key(word) for word in name.split(" ")] if name else []
    given = words[-1] if words else ((), ())
    middle = words[1:-1]
    family = words[0] if len(words) > 1 else ((), ())
    return (
        # Base letters decide across the whole name before any tone is looked at.
        (given[0], tuple(w[0] for w in middle), family[0]),
        (given[1], tuple(w[1] for w in middle), family[1]),
        # Names that differ only in case, tone placement or foreign marks still get a fixed
        # order, so two runs (or two databases) never disagree.
        name,
    )


def _letters_code(letters: tuple[int, ...]) -> str:
    # Ranks of the alphabet take two digits (10..42); anything else "9" + seven digits, so
    # it sorts after z. "00" ends a word and sorts before every letter: "An" < "Anh".
    return "".join(f"{r + 10:02d}" if r < _OTHER_RANK else f"9{r:07d}" for r in letters) + "00"


def sort_string(full_name: str | None) -> str:
    """`name_sort_key` as a string of digits, for ORDER BY in any database and collation.

    Digits compare the same under every collation (SQLite's binary, PostgreSQL's C or ICU), so
    a list sorted by this column in the database is in exactly the order of `name_sort_key`.
    """
    (given, middle, family), (given_tones, middle_tones, family_tones), name = name_sort_key(
        full_name
    )
    # A middle name opens with "01" and the list closes with "00": fewer middle names first.
    parts = [_letters_code(given), *("01" + _letters_code(w) for w in middle), "00"]
    parts.append(_letters_code(family))
    parts.append("".join(map(str, given_tones)) + "0")
    parts.extend("9" + "".join(map(str, t)) + "0" for t in middle_tones)
    parts.append("0" + "".join(map(str, family_tones)) + "0")
    parts.append("".join(f"{ord(ch):07d}" for ch in name))
    return "".join(parts)


# The one way PTĐV writes a date, dd/mm/yyyy, in Python; templates use the same format through
# config/formats (DATE_FORMAT "d/m/Y"), and a test keeps the two equal.
DATE_FORMAT = "%d/%m/%Y"


def day(value) -> str:
    """A date as dd/mm/yyyy; "" for no date."""
    return value.strftime(DATE_FORMAT) if value else ""
