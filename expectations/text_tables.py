"""Family 8 (text) — tables as a reader compares them: coverage and copied blocks.

* **Coverage.** A table keyed by municipality (most of the member municipalities as row
  labels) that leaves one out — or names one twice, or has a row for a municipality that
  is not a member — while a table printed under the same section lists every member: the
  missing (or extra) municipality is reported with the table's page. Misprinted member
  names are family 6's (`names.py`): they resolve to their member here.
* **Rows read.** A row of a subject relation that leaves one of its `columns` empty (the
  check kind `not_null` a profile declares): one finding per printed row.
* **Copied blocks.** Two different projects whose budget rows (事業費見込, the years with a
  printed amount) are identical amount for amount: a likely copy-paste, reported on the
  later card with the earlier one as expected. Rows with fewer than `MIN_COPIED_AMOUNTS`
  printed amounts (only — or *) are too common to mean anything.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from expectations.compare import finding, page_of, text_or_empty
from expectations.document_text import FAMILY, caption_of, page_label, text_finding
from expectations.findings import LOCATION_FIELDS, CheckOutcome, Finding, Severity
from sources.municipalities import members, resolve_municipality
from sources.profile import current_profile

# A table is keyed by municipality when this share of the members label its rows.
KEYED_SHARE = 2 / 3
MIN_COPIED_AMOUNTS = 2
BRACKETED = re.compile(r"[（(][^）)]*[）)]\s*$")
# What a municipality's name looks like (a short name ending in 市, 町 or 村).
MUNICIPALITY_NAME = re.compile(r"^[\u4e00-\u9fff\u3041-\u30ff]{1,5}[市町村]$")


def _municipality_code(name: str) -> str | None:
    """The member municipality a row label names (`X市（県立）` → X市's code)."""
    resolved = (resolve_municipality(t) for t in (name, BRACKETED.sub("", name).strip()))
    return next((r.code for r in resolved if r is not None), None)


def _row_municipalities(cells: pd.DataFrame) -> pd.DataFrame:
    """Per body row of each table: its first cell's words (`name`) and the member
    municipality they name (`code`, or None)."""
    body = cells[(~cells["is_header"].astype(bool)) & (cells["col_index"] == 0)]
    body = body[~body["table_kind"].isin(["card", "matrix", "agreement"])]
    names = body["text"].map(text_or_empty).str.strip()
    return body.assign(name=names, code=names.map(_municipality_code))


def _row_finding(
    check_id: str,
    at: pd.Series,
    *,
    row_label: str,
    stated: str,
    expected: str,
    problem: str,
) -> Finding:
    """A coverage finding on a table, located by one of its cells (`at`): its caption and
    page open the message, `problem` says what is wrong there."""
    return text_finding(
        check_id,
        page=at["page"],
        caption=caption_of(at["caption"]),
        table_id=text_or_empty(at["table_id"]),
        row_label=row_label,
        stated=stated,
        expected=expected,
        message=f"「{caption_of(at['caption'])}」（{page_label(at['page'])}）に{problem}",
    )


def check_municipality_coverage(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    rows = _row_municipalities(frames["table_cell"])
    MEMBERS = {m.code: m.name for m in members()}  # the area's this call works under
    keyed: dict[str, list[pd.DataFrame]] = defaultdict(list)
    for _, table in rows.groupby("table_id", sort=False):
        if len(set(table["code"].dropna()) & MEMBERS.keys()) >= KEYED_SHARE * len(MEMBERS):
            keyed[str(table["section"].iloc[0])].append(table)
    findings: list[Finding] = []
    compared = 0
    for tables in keyed.values():
        reference = next((t for t in tables if set(t["code"].dropna()) >= set(MEMBERS)), None)
        if reference is None:
            continue
        compared += len(tables)
        for table in tables:
            printed = set(table["code"].dropna())
            missing = [MEMBERS[c] for c in MEMBERS if c not in printed]
            named = table["code"].notna()
            # The same label printed twice (X市（県立）and X市（市立）are two rows).
            twice = sorted(set(table.loc[named & table["name"].duplicated(), "name"]))
            # A municipality's name that is none of the members (e.g. a town of another area).
            bare = table["name"].str.replace(BRACKETED, "", regex=True).str.strip()
            foreign = table[~named & bare.str.match(MUNICIPALITY_NAME)]
            first = table.iloc[0]
            if missing:
                findings.append(
                    _row_finding(
                        check_id,
                        first,
                        row_label="（市町の行）",
                        stated=f"{len(printed)}市町（{'・'.join(missing)}なし）",
                        expected=f"{len(MEMBERS)}市町",
                        problem=f"{'・'.join(missing)}の行がない。同じ節の"
                        f"「{caption_of(reference['caption'].iloc[0])}」"
                        f"（{page_label(reference['page'].iloc[0])}）は圏域の{len(MEMBERS)}市町を"
                        "すべて掲載している",
                    )
                )
            findings += [
                _row_finding(
                    check_id,
                    row,
                    row_label=row["name"],
                    stated=row["name"],
                    expected=f"圏域の{len(MEMBERS)}市町のいずれか",
                    problem=f"圏域の市町ではない「{row['name']}」の行がある",
                )
                for _, row in foreign.iterrows()
            ]
            findings += [
                _row_finding(
                    check_id,
                    first,
                    row_label=name,
                    stated=f"{name}（2行以上）",
                    expected=f"{name}（1行）",
                    problem=f"{name}の行が複数ある",
                )
                for name in twice
            ]
    return CheckOutcome(check_id, FAMILY, compared, findings)


def _amounts(budget: pd.DataFrame) -> pd.DataFrame:
    """One row per project (its first yearly row) with its yearly amounts as printed, in
    fiscal-year order."""
    yearly = budget[~budget["is_total"].astype(bool) & budget["project_no"].notna()]
    yearly = yearly.sort_values(["project_no", "fiscal_year"])
    printed = yearly[yearly["value"].notna() & (yearly["value"] != 0)]
    years = printed["fiscal_year"].astype(int)
    pairs = list(zip(years, printed["value_text"].map(text_or_empty), strict=True))
    amounts = printed.assign(amount=pairs).groupby("project_no")["amount"].agg(tuple)
    projects = yearly.drop_duplicates("project_no")
    return projects.assign(amounts=projects["project_no"].map(lambda p: amounts.get(p, ())))


def check_copied_blocks(frames: dict[str, pd.DataFrame], check_id: str) -> CheckOutcome:
    projects = _amounts(frames["fact_project_budget"])
    cards = current_profile().document.cards
    blocks = projects[projects["amounts"].map(len) >= MIN_COPIED_AMOUNTS].to_dict("records")
    earliest = {p["amounts"]: p for p in reversed(blocks)}  # the first project printing them
    findings: list[Finding] = []
    for project in blocks:
        earlier = earliest[project["amounts"]]
        if earlier is project:
            continue
        printed = "、".join(f"{y}年度 {t}" for y, t in project["amounts"])
        this, other = (cards.caption_for(int(p["project_no"])) for p in (project, earlier))
        findings.append(
            text_finding(
                check_id,
                page=project["page"],
                caption=caption_of(project["caption"]),
                table_id=text_or_empty(project["table_id"]),
                row_label="事業費見込",
                stated=f"{this}: {printed}",
                expected=f"{other}とは別の金額",
                message=f"{this}（{page_label(project['page'])}）の"
                f"事業費見込（{printed}）が、別の事業である{other}"
                f"（{page_label(earlier['page'])}）と全年度で同じ。複写の誤りでないか確認が必要",
            )
        )
    return CheckOutcome(check_id, FAMILY, len(projects), findings)


def check_rows_read(
    frame: pd.DataFrame, check_id: str, columns: list[str], described: str
) -> CheckOutcome:
    """Each row holds a value in each of the `columns`: one finding per printed row (its
    table, page and row label) that leaves one unread, saying in the check's own words
    (`described`) what could not be read. A row naming no member, total or other, or a
    header a subject's SELECT does not know, is the document's, not the pipeline's: a
    finding, never a refusal: the document's structure (掲載市町, headers), family 8."""
    where = [c for c in LOCATION_FIELDS if c in frame.columns and c != "column_label"]
    unread = frame[frame[columns].isna().any(axis=1)]
    findings = []
    # One group per printed row; a relation without location columns is one group.
    for _, rows in unread.groupby(where or (lambda _: 0), dropna=False, sort=False):
        first = rows.iloc[0]
        labels = "、".join(dict.fromkeys(text_or_empty(v) for v in rows.get("column_label", [])))
        printed = f"「{text_or_empty(first.get('caption'))}」"
        if (page := page_of(first.get("page"))) is not None:
            printed += f"（p.{page}）"
        message = (
            f"{printed}の行「{text_or_empty(first.get('row_label'))}」の {len(rows)} 件"
            f"（{labels}）が読み取れない（前提: {described.rstrip('。')}）"
        )
        findings.append(
            finding(
                check_id,
                FAMILY,
                Severity.ERROR,
                {**first.to_dict(), "column_label": labels},
                message,
                stated="読み取れない",
                expected="読み取れる値",
            )
        )
    return CheckOutcome(check_id, FAMILY, len(frame), findings)
