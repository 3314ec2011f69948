"""Korean particles after an inserted name or number: "중분류 29는", "중분류 30은", "코드 C25는".

A Korean translation writes both forms where a value is inserted ("%(division)s은(는)"), since the catalogue
cannot know the value; ``with_particles`` then keeps the one that fits the sound the value ends on:
은/이/을/과/으로 after a final consonant, 는/가/를/와/로 after a vowel (로 also after ㄹ). Numbers are read
the Korean way (29 "이십구" ends on a vowel, 30 "삼십" on a consonant); Latin letters by their Korean name
(C "씨", L "엘"). When the end of the value cannot be read (a symbol), both forms stay as written.
Text without these paired forms (every English message) comes back unchanged.
"""

import re

# The paired form -> (after a final consonant, after a vowel).
PAIRS = {
    "은(는)": ("은", "는"),
    "이(가)": ("이", "가"),
    "을(를)": ("을", "를"),
    "과(와)": ("과", "와"),
    "(으)로": ("으로", "로"),
}
PAIRED = re.compile("|".join(re.escape(paired) for paired in PAIRS))

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
FINAL_RIEUL = 8  # the index of ㄹ among the final consonants of a Hangul syllable
CLOSING = "\u201d\u2019\"')]}\u300d\u300f>\u00bb"  # closing quotes and brackets

# The Korean reading of a final digit: (ends on a consonant, that consonant is ㄹ).
DIGITS = {
    "1": (True, True),  # 일
    "2": (False, False),  # 이
    "3": (True, False),  # 삼
    "4": (False, False),  # 사
    "5": (False, False),  # 오
    "6": (True, False),  # 육
    "7": (True, True),  # 칠
    "8": (True, True),  # 팔
    "9": (False, False),  # 구
}
# Latin letters whose Korean name ends on a consonant: L 엘, M 엠, N 엔, R 알.
LETTERS = {"l": (True, True), "m": (True, False), "n": (True, False), "r": (True, True)}


def _number_ending(digits: str) -> tuple[bool, bool]:
    """How a whole number read in Korean ends: 20 "이십", 100 "백", 1000 "천", 10^4 "만", 10^12 "조"."""
    if digits.rstrip("0") == "":
        return True, False  # 영
    if digits[-1] != "0":
        return DIGITS[digits[-1]]
    zeros = len(digits) - len(digits.rstrip("0"))
    if 12 <= zeros < 16:
        return False, False  # ...조
    return True, False  # 십, 백, 천, 만, 억, 경 end on a consonant (none on ㄹ)


def final_sound(word: str) -> tuple[bool, bool] | None:
    """(ends on a consonant, that consonant is ㄹ) for the end of ``word``; ``None`` when it cannot be read."""
    word = word.rstrip().rstrip(CLOSING).rstrip()
    if not word:
        return None
    last = word[-1]
    if HANGUL_FIRST <= ord(last) <= HANGUL_LAST:
        final = (ord(last) - HANGUL_FIRST) % 28
        return final != 0, final == FINAL_RIEUL
    if last.isdigit() and last.isascii():
        digits = re.search(r"[0-9][0-9,]*$", word).group().replace(",", "")
        return _number_ending(digits)
    if last.isascii() and last.isalpha():
        return LETTERS.get(last.lower(), (False, False))
    return None


def particle_after(word: str, paired: str) -> str:
    """The particle of ``paired`` ("은(는)") that fits after ``word``; ``paired`` itself when unreadable."""
    sound = final_sound(word)
    if sound is None:
        return paired
    with_consonant, with_vowel = PAIRS[paired]
    consonant, rieul = sound
    if paired == "(으)로" and rieul:
        return with_vowel
    return with_consonant if consonant else with_vowel


def with_particles(text: str) -> str:
    """``text`` with every paired particle ("29은(는)") resolved by the word before it ("29는")."""

    def resolve(match: re.Match) -> str:
        before = match.string[: match.start()]
        if not before or before[-1].isspace():
            return match.group()
        return particle_after(before, match.group())

    return PAIRED.sub(resolve, text)
