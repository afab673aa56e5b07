"""Japanese text as a reader sees it: lookalike repair, comparison keys, numbers and years.

PDFs made from Japanese word processors often carry code points that *look* like the
ideograph a reader sees but are different characters: Kangxi Radicals (U+2F00–U+2FDF, ``⼭``
for 山), CJK Radicals Supplement (U+2E80–U+2EFF, ``⻑`` for 長), CJK Compatibility Ideographs
(U+F900–U+FAFF, U+2F800–U+2FA1F), and the Shift_JIS "wave dash problem" family (``〜`` vs
``～``, ``−`` vs ``－``, ``―`` vs ``—``). `normalize_text` repairs exactly those and leaves
everything else as printed: full-width parentheses, colons, ideographic spaces, ``㎡`` and
circled digits stay, because the document prints them and the ground truth keeps them.

NFKC is *not* applied to stored text (it would turn ``（`` into ``(`` and ``㎡`` into ``m2``);
`nfkc_key` gives the NFKC + whitespace-collapsed form for comparisons only.

The radicals-supplement mapping below is Unicode's EquivalentUnifiedIdeograph data for
U+2E80–U+2EF3 (NFKC only covers U+2E9F and U+2EF3 of that block); Kangxi radicals and
compatibility ideographs are mapped by NFKC character by character.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# CJK Radicals Supplement → equivalent unified ideograph (EquivalentUnifiedIdeograph.txt).
_RADICALS_SUPPLEMENT: dict[int, int] = {
    0x2E81: 0x5382,  # ⺁ 厂
    0x2E82: 0x4E5B,  # ⺂ 乛
    0x2E83: 0x4E5A,  # ⺃ 乚
    0x2E84: 0x4E59,  # ⺄ 乙
    0x2E85: 0x4EBB,  # ⺅ 亻
    0x2E86: 0x5182,  # ⺆ 冂
    0x2E87: 0x20628,  # ⺇ 𠘨
    0x2E88: 0x2008A,  # ⺈ 𠂊
    0x2E89: 0x5202,  # ⺉ 刂
    0x2E8A: 0x535C,  # ⺊ 卜
    0x2E8B: 0x353E,  # ⺋ 㔾
    0x2E8C: 0x5C0F,  # ⺌ 小
    0x2E8D: 0x5C0F,  # ⺍ 小
    0x2E8E: 0x5140,  # ⺎ 兀
    0x2E8F: 0x5C23,  # ⺏ 尣
    0x2E90: 0x5C22,  # ⺐ 尢
    0x2E91: 0x21BC2,  # ⺑ 𡯂
    0x2E92: 0x5DF3,  # ⺒ 巳
    0x2E93: 0x5E7A,  # ⺓ 幺
    0x2E94: 0x5F51,  # ⺔ 彑
    0x2E95: 0x5F50,  # ⺕ 彐
    0x2E96: 0x5FC4,  # ⺖ 忄
    0x2E97: 0x5FC3,  # ⺗ 心
    0x2E98: 0x624C,  # ⺘ 扌
    0x2E99: 0x6535,  # ⺙ 攵
    0x2E9B: 0x65E1,  # ⺛ 旡
    0x2E9C: 0x65E5,  # ⺜ 日
    0x2E9D: 0x6708,  # ⺝ 月
    0x2E9E: 0x6B7A,  # ⺞ 歺
    0x2E9F: 0x6BCD,  # ⺟ 母
    0x2EA0: 0x6C11,  # ⺠ 民
    0x2EA1: 0x6C35,  # ⺡ 氵
    0x2EA2: 0x6C3A,  # ⺢ 氺
    0x2EA3: 0x706C,  # ⺣ 灬
    0x2EA4: 0x722B,  # ⺤ 爫
    0x2EA5: 0x722B,  # ⺥ 爫
    0x2EA6: 0x4E2C,  # ⺦ 丬
    0x2EA7: 0x725B,  # ⺧ 牛
    0x2EA8: 0x72AD,  # ⺨ 犭
    0x2EA9: 0x738B,  # ⺩ 王
    0x2EAA: 0x24D14,  # ⺪ 𤴔
    0x2EAB: 0x7F52,  # ⺫ 罒
    0x2EAC: 0x793A,  # ⺬ 示
    0x2EAD: 0x793B,  # ⺭ 礻
    0x2EAE: 0x25AD7,  # ⺮ 𥫗
    0x2EAF: 0x7CF9,  # ⺯ 糹
    0x2EB0: 0x7E9F,  # ⺰ 纟
    0x2EB1: 0x7F53,  # ⺱ 罓
    0x2EB2: 0x7F52,  # ⺲ 罒
    0x2EB3: 0x34C1,  # ⺳ 㓁
    0x2EB4: 0x20A2D,  # ⺴ 𠨭
    0x2EB5: 0x26053,  # ⺵ 𦁓
    0x2EB6: 0x7F8A,  # ⺶ 羊
    0x2EB7: 0x2634B,  # ⺷ 𦍋
    0x2EB8: 0x2634C,  # ⺸ 𦍌
    0x2EB9: 0x8002,  # ⺹ 耂
    0x2EBA: 0x8080,  # ⺺ 肀
    0x2EBB: 0x807F,  # ⺻ 聿
    0x2EBC: 0x8089,  # ⺼ 肉
    0x2EBD: 0x26951,  # ⺽ 𦥑
    0x2EBE: 0x8279,  # ⺾ 艹
    0x2EBF: 0x8279,  # ⺿ 艹
    0x2EC0: 0x8279,  # ⻀ 艹
    0x2EC1: 0x864E,  # ⻁ 虎
    0x2EC2: 0x8864,  # ⻂ 衤
    0x2EC3: 0x8980,  # ⻃ 覀
    0x2EC4: 0x897F,  # ⻄ 西
    0x2EC5: 0x89C1,  # ⻅ 见
    0x2EC6: 0x89D2,  # ⻆ 角
    0x2EC7: 0x278B2,  # ⻇ 𧢲
    0x2EC8: 0x8BA0,  # ⻈ 讠
    0x2EC9: 0x8D1D,  # ⻉ 贝
    0x2ECA: 0x27FB7,  # ⻊ 𧾷
    0x2ECB: 0x8F66,  # ⻋ 车
    0x2ECC: 0x8FB6,  # ⻌ 辶
    0x2ECD: 0x8FB6,  # ⻍ 辶
    0x2ECE: 0x8FB6,  # ⻎ 辶
    0x2ECF: 0x961D,  # ⻏ 阝
    0x2ED0: 0x9485,  # ⻐ 钅
    0x2ED1: 0x9577,  # ⻑ 長
    0x2ED2: 0x9578,  # ⻒ 镸
    0x2ED3: 0x957F,  # ⻓ 长
    0x2ED4: 0x95E8,  # ⻔ 门
    0x2ED5: 0x28E0F,  # ⻕ 𨸏
    0x2ED6: 0x961D,  # ⻖ 阝
    0x2ED7: 0x96E8,  # ⻗ 雨
    0x2ED8: 0x9752,  # ⻘ 青
    0x2ED9: 0x97E6,  # ⻙ 韦
    0x2EDA: 0x9875,  # ⻚ 页
    0x2EDB: 0x98CE,  # ⻛ 风
    0x2EDC: 0x98DE,  # ⻜ 飞
    0x2EDD: 0x98DF,  # ⻝ 食
    0x2EDE: 0x2967F,  # ⻞ 𩙿
    0x2EDF: 0x98E0,  # ⻟ 飠
    0x2EE0: 0x9963,  # ⻠ 饣
    0x2EE1: 0x29810,  # ⻡ 𩠐
    0x2EE2: 0x9A6C,  # ⻢ 马
    0x2EE3: 0x9AA8,  # ⻣ 骨
    0x2EE4: 0x9B3C,  # ⻤ 鬼
    0x2EE5: 0x9C7C,  # ⻥ 鱼
    0x2EE6: 0x9E1F,  # ⻦ 鸟
    0x2EE7: 0x5364,  # ⻧ 卤
    0x2EE8: 0x9EA6,  # ⻨ 麦
    0x2EE9: 0x9EC4,  # ⻩ 黄
    0x2EEA: 0x9EFE,  # ⻪ 黾
    0x2EEB: 0x6589,  # ⻫ 斉
    0x2EEC: 0x9F50,  # ⻬ 齐
    0x2EED: 0x6B6F,  # ⻭ 歯
    0x2EEE: 0x9F7F,  # ⻮ 齿
    0x2EEF: 0x7ADC,  # ⻯ 竜
    0x2EF0: 0x9F99,  # ⻰ 龙
    0x2EF1: 0x9F9C,  # ⻱ 龜
    0x2EF2: 0x4E80,  # ⻲ 亀
    0x2EF3: 0x9F9F,  # ⻳ 龟
}

# Punctuation lookalikes: the code point a Japanese reader's text uses (the forms this
# document and its ground truth print). The wave-dash family is the Shift_JIS JIS-vs-
# Microsoft mapping split; U+2027 is what some PDF producers emit for the katakana middle dot.
_PUNCTUATION: dict[int, str] = {
    0x2027: "・",  # ‧ HYPHENATION POINT
    0xFF65: "・",  # ･ HALFWIDTH KATAKANA MIDDLE DOT
    0x301C: "～",  # 〜 WAVE DASH
    0x2053: "～",  # ⁓ SWUNG DASH
    0x2015: "—",  # ― HORIZONTAL BAR (JIS mapping of the em dash)
    0x2212: "－",  # − MINUS SIGN (JIS mapping of the full-width hyphen-minus)
    0x2010: "-",  # ‐ HYPHEN
    0x2011: "-",  # ‑ NON-BREAKING HYPHEN
    0x2016: "∥",  # ‖ DOUBLE VERTICAL LINE (JIS mapping of PARALLEL TO)
    0x00A0: " ",  # NO-BREAK SPACE
    0x02DC: "~",  # ˜ SMALL TILDE (how CID fonts' ASCII tilde, e.g. reportlab's Heisei, extract)
    0x200B: "",  # ZERO WIDTH SPACE
    0xFEFF: "",  # ZERO WIDTH NO-BREAK SPACE / BOM
}


def _repair_char(ch: str) -> str:
    """The ideograph or punctuation a reader sees for one code point (identity otherwise)."""
    cp = ord(ch)
    if cp < 0x2010:
        return _PUNCTUATION.get(cp, ch)
    mapped = _RADICALS_SUPPLEMENT.get(cp)
    if mapped is not None:
        return chr(mapped)
    if cp in _PUNCTUATION:
        return _PUNCTUATION[cp]
    # Kangxi radicals and compatibility ideographs: their NFKC form is the unified ideograph
    # (and NFKC leaves the twelve unified ideographs of the compatibility block unchanged).
    if 0x2F00 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
        return unicodedata.normalize("NFKC", ch)
    return ch


# A combining long stroke with no base character is how some CID-font PDFs (e.g. the
# Adobe-Japan1 em dash of reportlab's Heisei fonts) come back from text extraction.
_LONE_STROKE = re.compile(r"(?:(?<=\s)|^)\u0336")


def _needs_repair(text: str) -> bool:
    return any(ord(ch) >= 0x2010 or ch in "\u00a0\u02dc\u0336" for ch in text)


def normalize_text(text: str) -> str:
    """`text` with lookalike code points replaced by the characters a reader sees.

    Kangxi/supplement radicals → unified ideographs (⼭→山, ⻑→長), compatibility
    ideographs → their unified form, ``‧``→``・``, ``〜``→``～``, ``―``→``—``, ``−``→``－``,
    hyphen variants → ``-``, a lone combining long stroke (U+0336) → ``—``, small tilde
    (U+02DC) → ``~``, no-break space → space, zero-width characters dropped.
    Full-width forms the document prints (（）：　㎡①) are kept.
    """
    if not _needs_repair(text):
        return text
    text = _LONE_STROKE.sub("—", text)
    return "".join(_repair_char(ch) for ch in text)


_WHITESPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=16384)  # pure; captions and labels are compared again and again
def nfkc_key(text: str) -> str:
    """Comparison key: lookalikes repaired, NFKC, every whitespace run (also U+3000 and
    line breaks) collapsed to one space, ends stripped. Never store this; compare with it."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", normalize_text(text))).strip()


def compact_key(text: str) -> str:
    """`nfkc_key` without any whitespace: for printed labels, names and lines, where spaces
    and line breaks are layout (nfkc_key keeps one space, for text where it parts words)."""
    return nfkc_key(text).replace(" ", "")


# --------------------------------------------------------------------------------------
# Eras (和暦)
# --------------------------------------------------------------------------------------

# Western year of each era's year 0: 令和1年 = 2019, 元年 is year 1.
ERA_BASE_YEAR: dict[str, int] = {"令和": 2018, "平成": 1988, "昭和": 1925}


def era_to_western(era: str, number: str) -> int:
    """令和 + 7 → 2025; `元` is the era's first year."""
    return ERA_BASE_YEAR[era] + (1 if number == "元" else int(number))


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------

# Printed placeholders that mean "no number here"; kept as markers, never read as 0.
NUMBER_MARKERS: frozenset[str] = frozenset(
    {
        "-",
        "—",
        "－",
        "―",
        "‐",
        "–",
        "−",
        "*",
        "＊",
        "…",
        "(同左)",
        "（同左）",
        "同左",
        "x",
        "X",
        "ｘ",
    }
)
_NEGATIVE_SIGNS = ("△", "▲", "-", "−", "－")
_NUMBER = re.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$")
# A footnote mark after a value: ※, ※1, *1, ＊1, 注1 (a bare * or 注 alone is no mark).
FOOTNOTE_MARK = re.compile(r"\s*(?:※\s*\d*|[*＊]\s*\d+|注\s*\d+)$")


def split_footnote(text: str) -> tuple[str, str | None]:
    """(the value's text, the footnote mark printed after it, or None)."""
    m = FOOTNOTE_MARK.search(text)
    if m is None or m.start() == 0:
        return text, None
    return text[: m.start()], m.group(0).strip()


@dataclass(frozen=True)
class ParsedNumber:
    """A printed number: its value, or the marker printed instead of one.

    `value` is None exactly when `marker` is not None (``-``, ``—``, ``*``, ``(同左)``, or
    ``""`` for an empty cell). `printed` is the text as given. `decimals` counts the printed
    fraction digits (``67.6%`` → 1). Percentages keep the printed scale (``67.6%`` → 67.6,
    `is_percent` True).
    """

    value: float | int | None
    marker: str | None
    printed: str
    decimals: int = 0
    is_percent: bool = False
    # A footnote mark printed after the value (``229.3※2`` → ``※2``), kept apart from it.
    footnote: str | None = None

    @property
    def is_number(self) -> bool:
        return self.value is not None

    @property
    def is_marker(self) -> bool:
        return self.marker is not None


def parse_number(text: str) -> ParsedNumber:
    """Read a printed number: full-width digits, spaces inside the number, ``1,234``,
    ``△``/``▲`` (and minus) negatives, ``%``. Placeholders are returned as markers. A
    footnote mark after the value (``229.3※2``, ``12*1``, ``5注1``) goes to `footnote`.

    Raises ValueError for text that is neither a number nor a known marker, so a cell that
    is not numeric can never turn into 0 silently.
    """
    printed = text
    stripped, footnote = split_footnote(normalize_text(text).strip())
    stripped = stripped.strip()
    if stripped == "":
        return ParsedNumber(None, "", printed, footnote=footnote)
    if stripped in NUMBER_MARKERS or unicodedata.normalize("NFKC", stripped) in NUMBER_MARKERS:
        return ParsedNumber(None, stripped, printed, footnote=footnote)
    s = unicodedata.normalize("NFKC", stripped)
    s = re.sub(r"\s+", "", s)
    negative = False
    for sign in _NEGATIVE_SIGNS:
        if s.startswith(sign) and len(s) > len(sign):
            negative = True
            s = s[len(sign) :]
            break
    is_percent = s.endswith("%")
    if is_percent:
        s = s[:-1]
    match = _NUMBER.match(s)
    if match is None:
        raise ValueError(f"not a number or a known marker: {printed!r}")
    digits = match.group("int").replace(",", "")
    frac = match.group("frac")
    value: float | int
    if frac is not None:
        value = float(f"{digits}.{frac}")
        decimals = len(frac)
    else:
        value = int(digits)
        decimals = 0
    if negative:
        value = -value
    return ParsedNumber(value, None, printed, decimals, is_percent, footnote)
