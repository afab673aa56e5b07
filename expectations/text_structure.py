"""Family 8 (text) — the document's structure: the 目次 against the headings, and numbering.

* **目次.** Every outline-numbered 目次 entry is matched to the body heading with the same
  numbering path (`3` › `(2)` › `ウ` › `A` › `a`). Its words are compared with the
  heading's through the `printed_text` suite (whitespace and width never count); an entry
  with no such heading, and a heading the 目次 leaves out although it lists the heading's
  siblings, are reported. Printed page numbers are compared with the page number printed
  on the heading's page. When most entries disagree the 目次 was not updated for this
  layout: that is one finding, not one per entry (an entry whose page runs backwards is
  still reported on its own).
* **Numbering.** Headings and captions numbered in one style under one section (①②③…,
  (ア)(イ)…, (1)(2)…, ア イ…, A B…, a b…) must count up by one from the first: a gap, a
  repeat or a step back is reported. Some documents use a style as a *code* rather than
  a count (the vision's a–i follow the ministry's outline and skip letters on purpose);
  a style whose series are mostly irregular in this document is read as such a code and
  only repeats and steps back are reported for it. Lists numbered ①②③… inside one
  paragraph or table cell (a card's 事業内容) are checked the same way.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

from expectations.compare import text_comparison_frame, text_differences, text_or_empty
from expectations.document_text import (
    BODY_CAPTION,
    DOCUMENT_TEXT,
    FAMILY,
    caption_of,
    circled,
    marker_for,
    numbering,
    page_label,
    text_finding,
    title_of,
)
from expectations.findings import CheckOutcome, Finding

TOC_CAPTION = "目次"
# Past this share of entries printed with another page than the heading's, the 目次's page
# numbers are one finding (the 目次 was not updated for this pagination).
TOC_STALE_SHARE = 0.5


@dataclass(frozen=True)
class Numbered:
    """A numbered heading or 目次 entry: its numbering (style, marker as printed, position in
    its series), words and page; in an outline also its numbering path (markers of it and
    its parents), the page number printed on its page and, for an entry, the one it lists."""

    style: str
    marker: str
    value: int
    text: str
    page: int
    key: tuple[str, ...] = ()
    folio: str = ""
    toc_page: str = ""


def _outline(rows: pd.DataFrame) -> list[Numbered]:
    out: list[Numbered] = []
    stack: list[tuple[int, str]] = []
    for row in rows.itertuples(index=False):
        found = numbering(row.text)
        if pd.isna(row.rank) or found is None:
            continue
        rank = int(row.rank)
        stack = [(r, m) for r, m in stack if r < rank] + [(rank, found[1])]
        key = tuple(m for _, m in stack)
        folio, toc_page = text_or_empty(row.folio), text_or_empty(row.toc_page)
        out.append(Numbered(*found, str(row.text), int(row.page), key, folio, toc_page))
    return out


def _printed_page(item: Numbered) -> str:
    return item.folio or str(item.page)


def check_table_of_contents(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    text = frames[DOCUMENT_TEXT]
    toc_rows = text[text["kind"] == "toc"]
    if toc_rows.empty:
        return CheckOutcome(check_id, FAMILY, 0, [], notes=["文書に目次がないため照合していない"])
    toc_page = int(toc_rows["page"].min())
    entries = _outline(toc_rows)
    headings = _outline(text[(text["kind"] == "heading") & (text["page"] > toc_page)])
    by_key: dict[tuple[str, ...], list[Numbered]] = defaultdict(list)
    for h in headings:
        by_key[h.key].append(h)
    findings: list[Finding] = []
    pairs: list[tuple[Numbered, Numbered]] = []
    for entry in entries:
        if by_key.get(entry.key):
            pairs.append((entry, by_key[entry.key].pop(0)))
            continue
        findings.append(
            _toc_finding(
                check_id,
                entry,
                row_label=entry.text,
                stated=entry.text,
                expected="（本文に対応する見出しなし）",
                problem=f"の項目「{entry.text}」に対応する見出しが本文にない",
            )
        )
    # Headings left out of the 目次 although it lists their siblings.
    listed_parents = {e.key[:-1] for e in entries}
    listed = {e.key for e in entries}
    for h in headings:
        if h.key[:-1] in listed_parents and h.key not in listed:
            findings.append(
                text_finding(
                    check_id,
                    page=h.page,
                    caption=BODY_CAPTION,
                    row_label=h.text,
                    stated="（目次に記載なし）",
                    expected=h.text,
                    message=f"本文の見出し「{h.text}」（{page_label(h.page)}）が目次にない"
                    "（同じ階層のほかの見出しは目次に載っている）",
                )
            )
    # Words compared by the `printed_text` suite, row i for pairs[i].
    texts = text_comparison_frame(
        {"stated": title_of(heading.text), "expected": title_of(entry.text)}
        for entry, heading in pairs
    )
    for i, difference in text_differences(texts).items():
        entry, heading = pairs[i]
        kind = "記号（・、括弧など）の違い" if difference == "notation" else "語句の違い"
        findings.append(
            text_finding(
                check_id,
                page=heading.page,
                caption=BODY_CAPTION,
                row_label=heading.text,
                stated=heading.text,
                expected=entry.text,
                message=f"本文の見出し「{heading.text}」（{page_label(heading.page)}）と"
                f"目次（{page_label(entry.page)}）の「{entry.text}」が一致しない（{kind}）",
            )
        )
    findings += _toc_page_findings(check_id, pairs)
    return CheckOutcome(check_id, FAMILY, len(entries), findings)


def _toc_finding(
    check_id: str,
    entry: Numbered,
    *,
    row_label: str,
    stated: str,
    expected: str,
    problem: str,
) -> Finding:
    """A finding on a 目次 entry: the 目次's page opens the message, `problem` follows."""
    return text_finding(
        check_id,
        page=entry.page,
        caption=TOC_CAPTION,
        row_label=row_label,
        stated=stated,
        expected=expected,
        message=f"目次（{page_label(entry.page)}）{problem}",
    )


def _toc_page_findings(check_id: str, pairs: list[tuple[Numbered, Numbered]]) -> list[Finding]:
    paged = [(e, h) for e, h in pairs if e.toc_page]
    wrong = [(e, h) for e, h in paged if e.toc_page != _printed_page(h)]
    findings: list[Finding] = []
    if len(wrong) > TOC_STALE_SHARE * len(paged):
        e, h = wrong[0]
        findings.append(
            _toc_finding(
                check_id,
                e,
                row_label="（ページ番号）",
                stated=f"{len(wrong)}/{len(paged)}項目が不一致（例：{e.text} → {e.toc_page}）",
                expected=f"{h.text} は {_printed_page(h)}ページ",
                problem=f"のページ番号が{len(paged)}項目中{len(wrong)}項目で本文の見出しのページと"
                f"一致しない（例：「{e.text}」は目次で"
                f"{e.toc_page}ページ、本文では{_printed_page(h)}ページ）。目次が現在の"
                "ページ割りに合わせて更新されていないと思われる",
            )
        )
        wrong = _running_backwards(paged)
    return findings + [
        _toc_finding(
            check_id,
            e,
            row_label=e.text,
            stated=e.toc_page,
            expected=_printed_page(h),
            problem=f"の「{e.text}」のページ番号は{e.toc_page}"
            f"だが、見出しは{_printed_page(h)}ページにある",
        )
        for e, h in wrong
    ]


def _running_backwards(paged: list[tuple[Numbered, Numbered]]) -> list[tuple[Numbered, Numbered]]:
    """Entries whose printed page is smaller than the entry's before them."""
    return [
        (entry, heading)
        for (before, _), (entry, heading) in pairwise(paged)
        if before.toc_page.isdigit()
        and entry.toc_page.isdigit()
        and int(entry.toc_page) < int(before.toc_page)
    ]


# --------------------------------------------------------------------------------------
# Numbering
# --------------------------------------------------------------------------------------


def _series(text: pd.DataFrame) -> dict[tuple[str, str], list[Numbered]]:
    """Numbered headings grouped by (section they are printed under, numbering style)."""
    series: dict[tuple[str, str], list[Numbered]] = defaultdict(list)
    headings = text[text["kind"] == "heading"]
    for row, found in zip(headings.itertuples(), headings["text"].map(numbering), strict=True):
        if found is not None:
            item = Numbered(*found, str(row.text), int(row.page))
            series[(text_or_empty(row.section), item.style)].append(item)
    return series


def _irregular(items: list[Numbered]) -> bool:
    values = [i.value for i in items]
    return values[0] != 1 or any(b != a + 1 for a, b in pairwise(values))


def coded_styles(series: dict[tuple[str, str], list[Numbered]]) -> set[str]:
    """Styles used as codes here: most of their series skip or do not start at the first."""
    total = Counter(style for _, style in series)
    irregular = Counter(style for (_, style), items in series.items() if _irregular(items))
    return {s for s in total if irregular[s] * 2 > total[s]}


def check_numbering(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    series = _series(frames[DOCUMENT_TEXT])
    coded = coded_styles(series)
    findings: list[Finding] = []
    compared = 0
    for (section, style), items in series.items():
        compared += len(items)
        where = section.split(" > ")[-1] if section else "文書の最上位"
        first = items[0]
        if style not in coded and first.value != 1:
            findings.append(
                _numbering_finding(
                    check_id,
                    first,
                    marker_for(style, 1),
                    f"「{where}」の番号付き見出しが{marker_for(style, 1)}からではなく"
                    f"{first.marker}から始まる",
                )
            )
        for before, item in pairwise(items):
            if item.value == before.value:
                problem = (
                    f"番号{item.marker}が重複している（{before.page}ページにも{before.marker}）"
                )
            elif item.value < before.value:
                problem = f"{before.marker}の次が{item.marker}で、順序が逆になっている"
            elif item.value > before.value + 1 and style not in coded:
                problem = f"{before.marker}の次が{item.marker}で、番号が飛んでいる"
            else:
                continue
            findings.append(
                _numbering_finding(
                    check_id,
                    item,
                    marker_for(style, before.value + 1),
                    f"「{where}」の見出しで{problem}",
                )
            )
    inline, inline_compared = _inline_findings(check_id, frames)
    styles = "・".join(sorted(coded))
    notes = (
        [f"番号の形式 {styles} は記号として使われているため欠番は指摘していない"] if coded else []
    )
    return CheckOutcome(
        check_id, FAMILY, compared + inline_compared, findings + inline, notes=notes
    )


# An item of an inline list: a circled number at the start of a text or after a break,
# a space or a list separator (not a reference such as 「①及び③」).
INLINE_ITEM = re.compile(r"(?:^|(?<=[\s、。，,：:；;]))([①-⑳])(?=[^\s、。，,①-⑳])")


def _inline_texts(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every paragraph, note and table cell: its text, page, caption, table_id, row label."""
    text = frames[DOCUMENT_TEXT]
    body = text[text["kind"].isin(["paragraph", "note"])]
    parts = [body.assign(caption=BODY_CAPTION, table_id="", row_label="")]
    cells = frames.get("table_cell")
    if cells is not None and not cells.empty:
        parts.append(cells.assign(caption=cells["caption"].map(caption_of)))
    columns = ["text", "page", "caption", "table_id", "row_label"]
    return pd.concat([part[columns] for part in parts], ignore_index=True)


def _inline_findings(check_id: str, frames: dict[str, pd.DataFrame]) -> tuple[list[Finding], int]:
    """Lists numbered ①②③… inside one paragraph or cell: gaps, repeats, steps back."""
    texts = _inline_texts(frames)
    texts = texts.assign(markers=texts["text"].map(text_or_empty).str.findall(INLINE_ITEM))
    lists = texts[texts["markers"].map(len) >= 2]
    findings = [
        text_finding(
            check_id,
            page=r.page,
            caption=r.caption,
            table_id=text_or_empty(r.table_id),
            row_label=text_or_empty(r.row_label) or text_or_empty(r.text)[:20],
            stated=item,
            expected=marker_for("①", a + 1),
            message=f"「{r.caption}」（{page_label(r.page)}）{text_or_empty(r.row_label)}の箇条書きで"
            f"{before}の次が{item}で、番号が"
            + ("重複している" if b == a else "順序が逆になっている" if b < a else "飛んでいる"),
        )
        for r in lists.itertuples(index=False)
        for before, item in pairwise(r.markers)
        if (b := circled(item)) != (a := circled(before)) + 1
    ]
    return findings, int(lists["markers"].map(len).sum())


def _numbering_finding(check_id: str, item: Numbered, expected: str, problem: str) -> Finding:
    return text_finding(
        check_id,
        page=item.page,
        caption=BODY_CAPTION,
        row_label=item.text,
        stated=item.marker,
        expected=expected,
        message=f"{problem}（{page_label(item.page)}「{item.text}」）",
    )
