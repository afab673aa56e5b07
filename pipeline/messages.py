"""What the `vision` command says to people, in Japanese (staff) or English (`--lang en`).

Every message a command prints on its success path, and the framing and advice of its
failures (pipeline/cli_errors.py), comes from here, under one key, in both
languages, so the two never drift apart and no command mixes them. The language is chosen
once per process (`vision --lang`, or the VISION_LANG environment variable).

Two things stay English in both languages: the causes raised by sources/, warehouse/ and
expectations/ (they name files, tables and limits and are shared with the Dagster logs),
and click's help and usage errors (`--help`, "Usage: … Missing argument"), as in most
command-line tools.
"""

from __future__ import annotations

import os

from expectations import families

LANGUAGES = ("ja", "en")
LANG_ENV = "VISION_LANG"

_language = os.environ.get(LANG_ENV, "ja") if os.environ.get(LANG_ENV) in LANGUAGES else "ja"

MESSAGES: dict[str, dict[str, str]] = {
    # refresh: what each step does, in words a user knows
    "step.statistics": {"ja": "公的統計の読込", "en": "load the official statistics"},
    "step.pdf": {"ja": "PDF の確認", "en": "open the PDF"},
    "step.tables": {"ja": "表の抽出", "en": "extract tables"},
    "step.facts": {"ja": "正規化", "en": "normalize"},
    "step.checks": {"ja": "チェック", "en": "check"},
    "step.warehouse": {"ja": "倉庫への書込", "en": "load into the warehouse"},
    "step.actuals": {"ja": "KPI 実績の取込", "en": "import the KPI actuals"},
    "step.done": {
        "ja": "{mark} {step}{detail}（{seconds:.1f} 秒）",
        "en": "{mark} {step}{detail} ({seconds:.1f} s)",
    },
    "step.running": {"ja": "{step} 中…", "en": "{step}…"},
    "step.tables_detail": {"ja": ": {count} 表", "en": ": {count} tables"},
    "step.facts_detail": {
        "ja": ": {count} 表・{rows:,} 行",
        "en": ": {count} tables, {rows:,} rows",
    },
    "step.checks_detail": {"ja": ": {count} 件", "en": ": {count} rules"},
    "step.checks_progress": {"ja": "チェック {done}/{total}", "en": "check {done}/{total}"},
    # refresh: the end
    "refresh.unchanged": {
        "ja": "変更なし: {warehouse} はこの版を同じ入力とコードで作成済みです"
        "（作り直すには --force）",
        "en": "nothing changed: {warehouse} already holds this revision built from the same "
        "inputs and code (use --force to rebuild)",
    },
    "refresh.registered": {
        "ja": "版 {revision} を $DAGSTER_HOME のパーティションとして登録しました",
        "en": "registered revision {revision} as a partition in $DAGSTER_HOME",
    },
    "refresh.statistics": {
        "ja": "公的統計: {sources}",
        "en": "official statistics: {sources}",
    },
    "statistics.live": {"ja": "e-Stat から取得", "en": "live from e-Stat"},
    "statistics.snapshot": {"ja": "同梱のスナップショット", "en": "shipped snapshot"},
    "statistics.file": {"ja": "取り込んだダウンロード", "en": "imported download"},
    "statistics.unavailable": {"ja": "読込なし", "en": "not loaded"},
    "statistics.group": {"ja": "{how}（{groups}）", "en": "{how} ({groups})"},
    "statistics.sep": {"ja": "／", "en": "; "},
    "statistics.no_app_id": {
        "ja": "ESTAT_APP_ID 未設定",
        "en": "no ESTAT_APP_ID",
    },
    "statistics.other_area": {
        "ja": "この圏域の市町村を含まないため照合に使わない",
        "en": "holds none of this area's municipalities, so nothing is compared with it",
    },
    "statistics.no_live": {
        "ja": "e-Stat API で提供されない",
        "en": "not published through the e-Stat API",
    },
    "refresh.rows": {
        "ja": "読み込んだ表: {tables} 表・{rows:,} 行（一覧は -v）",
        "en": "tables loaded: {tables} tables, {rows:,} rows (-v lists them)",
    },
    "refresh.rows_and_subjects": {
        "ja": "読み込んだ表: {tables} 表・{rows:,} 行、主題のビュー {views}（一覧は -v）",
        "en": "tables loaded: {tables} tables, {rows:,} rows, {views} subject views "
        "(-v lists them)",
    },
    "refresh.rows_subject": {"ja": "{name}（ビュー）", "en": "{name} (view)"},
    "refresh.rows_title": {"ja": "読み込んだ表", "en": "Tables loaded"},
    "refresh.rows_table": {"ja": "表", "en": "table"},
    "refresh.rows_count": {"ja": "行数", "en": "rows"},
    "refresh.warehouse": {
        "ja": "倉庫: {warehouse}（{seconds:.1f} 秒）",
        "en": "warehouse: {warehouse} ({seconds:.1f} s)",
    },
    "refresh.failed": {
        "ja": "✗ {step}に失敗しました: {cause}",
        "en": "✗ {step} failed: {cause}",
    },
    "refresh.failed_any": {
        "ja": "✗ 更新できませんでした: {cause}",
        "en": "✗ refresh failed: {cause}",
    },
    "refresh.intact": {
        "ja": "  前の倉庫はそのままです（記録: {log}）",
        "en": "  the previous warehouse is untouched (logged in {log})",
    },
    "refresh.intact_unlogged": {
        "ja": "  前の倉庫はそのままです（失敗を記録できませんでした: {problem}）",
        "en": "  the previous warehouse is untouched "
        "(the failure could not be logged in {problem})",
    },
    "refresh.intact_nolog": {
        "ja": "  前の倉庫はそのままです",
        "en": "  the previous warehouse is untouched",
    },
    "refresh.cancelled": {
        "ja": "中断しました。前の倉庫はそのままです: {warehouse}",
        "en": "cancelled; the previous warehouse is untouched: {warehouse}",
    },
    # checks: one line per family
    "check.family": {
        "ja": "{mark} {family}: {counts}（比較 {compared:,} 件）",
        "en": "{mark} {family}: {counts} ({compared:,} compared)",
    },
    "check.counts": {
        "ja": "誤り {errors}・注意 {warnings}",
        "en": "errors {errors}, warnings {warnings}",
    },
    "check.none": {"ja": "指摘なし", "en": "no findings"},
    "check.not_compared": {"ja": "照合していない", "en": "nothing compared"},
    "check.data_error": {"ja": "データ不足: {errors}", "en": "data missing: {errors}"},
    "check.total": {
        "ja": "指摘 {findings} 件（誤り {errors}・注意 {warnings}）、{rules} 件のチェック",
        "en": "findings: {findings} (errors {errors}, warnings {warnings}), rules: {rules}",
    },
    "severity.error": {"ja": "誤り", "en": "error"},
    "severity.warning": {"ja": "注意", "en": "warning"},
    # other commands
    "embedded_pdf": {"ja": "同梱のビジョン PDF", "en": "the embedded vision PDF"},
    "extract.done": {"ja": "{count} 表: {path}", "en": "{count} tables from {path}"},
    "extract.warning": {"ja": "注意: {warning}", "en": "warning: {warning}"},
    # vision profile draft: a first profile written from the document
    "draft.exists": {
        "ja": "{path} はすでにあります。"
        "別の --out を指定するか、ファイルを移してから再実行してください",
        "en": "{path} exists already: give another --out or move the file, then run again",
    },
    "draft.written": {
        "ja": "{path} を書きました（構成市町村 {members}、表の宣言 {tables}、PDFの表 {found}）。"
        "次に vision profile explain --profile で確かめてください",
        "en": "wrote {path} ({members} members, {tables} table declarations for the {found} "
        "tables of the PDF); check it with vision profile explain --profile",
    },
    "draft.note.no_members": {
        "ja": "構成市町村が見つかりません。[[region.municipalities]] を書いてください",
        "en": "no member municipality found: write [[region.municipalities]] by hand",
    },
    "draft.note.no_core_city": {
        "ja": "表紙に連携中枢都市が見つかりません。[region].core_city を設定してください",
        "en": "no core city found on the cover: set [region].core_city",
    },
    "draft.note.prefectures": {
        "ja": "構成市町村が複数の県にまたがっています。prefecture とコードを確かめてください",
        "en": "the members are in several prefectures: check prefecture and codes",
    },
    "draft.invalid": {
        "ja": "注意: 下書きはまだ読めません。直す箇所: {error}",
        "en": "warning: the draft does not load yet; edit: {error}",
    },
    # vision profile explain: each table beside the declaration it matches
    "explain.head": {
        "ja": "{pdf}: {tables} 表（宣言に一致 {matched} 表）／プロファイル {profile}",
        "en": "{pdf}: {tables} tables ({matched} match a declaration); profile {profile}",
    },
    "explain.col.page": {"ja": "頁", "en": "page"},
    "explain.col.id": {"ja": "表", "en": "table"},
    "explain.col.caption": {"ja": "見出し", "en": "caption"},
    "explain.col.kind": {"ja": "種類", "en": "kind"},
    "explain.col.header": {"ja": "見出し行", "en": "header rows"},
    "explain.col.unit": {"ja": "単位", "en": "unit"},
    "explain.col.section": {"ja": "節（最下位）", "en": "section (innermost)"},
    "explain.col.declared": {"ja": "宣言", "en": "declaration"},
    "explain.none": {"ja": "—", "en": "—"},
    "explain.readings": {
        "ja": "各表から読むもの（宣言の shape による）:",
        "en": "What each matched table's shape will read:",
    },
    "explain.table": {
        "ja": "p.{page} {id}「{caption}」 ← {place}（shape {shape}）",
        "en": "p.{page} {id} “{caption}” ← {place} (shape {shape})",
    },
    "explain.section": {"ja": "節: {section}", "en": "section: {section}"},
    "explain.header_rows": {"ja": "見出し行: {header}", "en": "header rows: {header}"},
    "explain.reading": {"ja": "{role}（{count}）: {labels}", "en": "{role} ({count}): {labels}"},
    "explain.role.municipality_rows": {"ja": "市町村の行", "en": "municipality rows"},
    "explain.role.total_rows": {"ja": "合計の行", "en": "total rows"},
    "explain.role.other_rows": {"ja": "その他の行", "en": "other rows"},
    "explain.role.unread_rows": {
        "ja": "市町村・合計として読まない行",
        "en": "rows not read as a municipality or total",
    },
    "explain.role.municipality_columns": {"ja": "市町村の列", "en": "municipality columns"},
    "explain.role.year_columns": {"ja": "年の列", "en": "year columns"},
    "explain.role.measure_columns": {"ja": "項目の列", "en": "measure columns"},
    "explain.role.kpi_columns": {"ja": "KPI の列", "en": "KPI columns"},
    "explain.role.card_rows": {"ja": "事業カードの行", "en": "card rows"},
    "explain.role.schedule_years": {"ja": "工程表の年度", "en": "schedule years"},
    "explain.role.budget_row": {"ja": "事業費の行", "en": "budget row"},
    "explain.role.project_column": {"ja": "事業の列", "en": "project column"},
    "explain.role.items": {"ja": "項目", "en": "items"},
    "explain.role.total_columns": {"ja": "合計の列", "en": "total columns"},
    "explain.role.periods": {"ja": "年・年度", "en": "periods"},
    "explain.role.measures": {"ja": "数値の項目", "en": "measures"},
    "explain.role.problem": {"ja": "読めない部分", "en": "cannot read"},
    "explain.kpi.indicator": {"ja": "指標", "en": "indicator"},
    "explain.kpi.baseline": {"ja": "基準値", "en": "baseline"},
    "explain.kpi.target": {"ja": "目標値", "en": "target"},
    "explain.kpi.source": {"ja": "出典", "en": "source"},
    "explain.kpi.baseline_year": {"ja": "基準年", "en": "baseline year"},
    "explain.kpi.target_year": {"ja": "目標年", "en": "target year"},
    "explain.kpi.unit": {"ja": "単位", "en": "unit"},
    "explain.kpi.category": {"ja": "区分", "en": "category"},
    "explain.kpi.number": {"ja": "番号", "en": "number"},
    "explain.all_matched": {
        "ja": "宣言された {count} 表はすべて文書中の表に一致しました。",
        "en": "All {count} declared tables match tables of the document.",
    },
    "explain.unmatched": {
        "ja": "文書中の表に一致しない宣言: {count} / {total}",
        "en": "Declarations matching no table of the document: {count} of {total}",
    },
    "explain.declaration": {
        "ja": "{place}「{name}」: 見出し /{caption}/・種類 {kind}・節 /{section}/ — "
        "{found} 表が一致（{need} 表以上が必要）",
        "en": "{place} “{name}”: caption /{caption}/, kind {kind}, section /{section}/ — "
        "{found} match (at least {need} needed)",
    },
    "explain.nearest": {
        "ja": "最も近い表: p.{page} {id}「{caption}」"
        "（種類 {kind}、見出しの類似度 {similarity:.2f}）",
        "en": "nearest table: p.{page} {id} “{caption}” (kind {kind}, caption similarity "
        "{similarity:.2f})",
    },
    "explain.no_candidate": {
        "ja": "候補の表がありません（文書から表が読めていない可能性）",
        "en": "no candidate table (the document's tables may not be read at all)",
    },
    "explain.reason.caption": {
        "ja": "見出し「{caption}」がパターン /{pattern}/ に合わない → caption = '{suggest}' など",
        "en": "caption “{caption}” does not match /{pattern}/ → e.g. caption = '{suggest}'",
    },
    "explain.reason.kind": {
        "ja": '種類が {found}（宣言は {declared}） → kind = "{found}"',
        "en": 'kind is {found} (declared {declared}) → kind = "{found}"',
    },
    "explain.reason.section": {
        "ja": "節「{section}」が /{pattern}/ に合わない → section を、この表の節に合う "
        "[sections] のキーにする",
        "en": "section “{section}” does not match /{pattern}/ → set section to a key of "
        "[sections] whose pattern matches this table's section",
    },
    "query.rows": {"ja": "{rows:,} 行", "en": "{rows:,} rows"},
    "query.refused": {
        "ja": "実行しません: {cause}\n"
        "vision query は倉庫を読むだけです。ファイルに書き出すには `vision export` を"
        "使ってください",
        "en": "refused: {cause}\n"
        "vision query reads the warehouse only; use `vision export` to write files",
    },
    # diff: the change list (csv and json keep the machine words for tools)
    "diff.none": {"ja": "違いはありません", "en": "no differences"},
    "diff.count": {"ja": "変更点 {count} 件", "en": "{count} change(s)"},
    "diff.one_edition": {
        "ja": "倉庫に読み込まれた版が 2 つ未満のため、比べられません\n"
        "比べる版を `vision refresh --pdf PATH` で読み込むか、OLD と NEW を指定してください",
        "en": "{cause}\nload another edition with `vision refresh --pdf PATH`, or give OLD and NEW",
    },
    "diff.not_a_warehouse": {
        "ja": "{warehouse} にはビジョンの倉庫がありません（{cause}）。"
        "先に `vision refresh` で版を読み込んでください",
        "en": "{warehouse} holds no vision warehouse ({cause}); "
        "load a revision with `vision refresh` first",
    },
    # a warehouse built by an earlier version: only `vision refresh` migrates it
    "warehouse.outdated": {
        "ja": "{warehouse} は以前の版の vision-pipeline で作られています（未適用: {missing}）\n"
        "`vision refresh --warehouse {warehouse}` で更新してから、もう一度実行してください",
        "en": "{warehouse} was built by an earlier version of vision-pipeline (not applied: "
        "{missing})\nrun `vision refresh --warehouse {warehouse}` to update it, then run again",
    },
    # actuals: the workbook staff fill in, and its import
    "actuals.template": {
        "ja": "{out}: 記入する行 {rows} 行（KPI × 年）",
        "en": "{out}: {rows} rows (KPI × year) to fill in",
    },
    "actuals.cannot_write": {
        "ja": "{out}: 書き込めません（{reason}）",
        "en": "{out}: cannot be written ({reason})",
    },
    "actuals.no_kpis": {
        "ja": "倉庫に KPI がありません。先に `vision refresh` を実行してください",
        "en": "the warehouse holds no KPIs; run `vision refresh` first",
    },
    "statistics.refused": {
        "ja": "統計を取り込めません（何も保存していません）: {problem}",
        "en": "statistics not imported (nothing kept): {problem}",
    },
    "statistics.imported": {
        "ja": "{dataset} の新しい公表として {files}（{rows} 行、sha256 {sha}）を取り込みました: "
        "{folder}。倉庫を更新します",
        "en": "imported {files} ({rows} rows, sha256 {sha}) as a new release of {dataset}: "
        "{folder}; refreshing the warehouse",
    },
    "actuals.rejected": {
        "ja": "何も取り込んでいません。倉庫は変わっていません:\n{problems}",
        "en": "nothing imported; the warehouse is unchanged:\n{problems}",
    },
    "actuals.not_imported": {
        "ja": "取り込まなかったもの: {note}",
        "en": "not imported: {note}",
    },
    "actuals.unchanged": {
        "ja": "変更なし: {files} は取込済みです",
        "en": "nothing changed: {files} already imported",
    },
    "actuals.imported": {
        "ja": "{files} を取り込みました: 実績 {read} 件を読み、新規・変更 {new} 件 → {warehouse}",
        "en": "imported {files}: {read} actuals read, {new} new or changed → {warehouse}",
    },
    # output directories (--out)
    "out.empty": {
        "ja": "{option} が空です。書き出すディレクトリを指定してください"
        "（例: {option} out/export）",
        "en": "{option} is empty; give the directory to write into (e.g. {option} out/export)",
    },
    "out.file": {"ja": "ファイル", "en": "a file"},
    "out.special": {"ja": "デバイスか特殊ファイル", "en": "a device or special file"},
    "out.not_a_directory": {
        "ja": "{path} は{kind}で、ディレクトリではありません。{option} にはディレクトリを"
        "指定してください（無ければ作成します）",
        "en": "{path} is {kind}, not a directory; {option} needs a directory "
        "(it is created when missing)",
    },
    "out.under_a_file": {
        "ja": "{path}: {ancestor} はファイルで、ディレクトリではありません。"
        "別の {option} を選んでください",
        "en": "{path}: {ancestor} is a file, not a directory; choose another {option}",
    },
    "out.cannot_create": {
        "ja": "{path}: 作成できません（{reason}）。書き込める場所を選んでください",
        "en": "{path}: cannot create it ({reason}); choose a location you can write",
    },
    "out.cannot_write": {
        "ja": "{path}: 書き込めません（{reason}）。別の {option} を選んでください",
        "en": "{path}: cannot write there ({reason}); choose another {option}",
    },
    # failures: the framing pipeline/cli_errors.py puts around a cause
    "error": {"ja": "エラー: {message}", "en": "Error: {message}"},
    "error.cancelled": {"ja": "中断しました", "en": "cancelled"},
    "error.unexpected": {
        "ja": "予期しないエラー: {kind}: {message}\n"
        "{env}=1 を付けて再実行すると、どこで起きたかが表示されます",
        "en": "unexpected error: {kind}: {message}\n"
        "run again with {env}=1 to see where it happened",
    },
    "error.unexpected_input": {
        "ja": "{inputs} の処理中に予期しないエラー: {kind}: {message}\n"
        "ファイルが壊れていないか確かめてください（作り直す・保存し直す）。"
        "{env}=1 を付けて再実行すると、どこで起きたかが表示されます",
        "en": "unexpected error while processing {inputs}: {kind}: {message}\n"
        "check that the file is not damaged (make or save it again); "
        "run again with {env}=1 to see where it happened",
    },
    "error.duckdb": {
        "ja": "DuckDB: {message}\n"
        "倉庫は `vision refresh` で作ったファイルですか？（詳細は VISION_DEBUG=1）",
        "en": "DuckDB: {message}\n"
        "is the warehouse a file built by `vision refresh`? (VISION_DEBUG=1 for details)",
    },
    # what to do about an operating-system error, by its errno name
    "os.ELOOP": {
        "ja": "シンボリックリンクです。vision は自分のファイルをリンク越しに書きません。"
        "リンクを削除してから再実行してください",
        "en": "a symbolic link; vision never writes its own files through one. "
        "Remove the link and run again",
    },
    "os.EACCES": {
        "ja": "権限がありません。書き込める場所を選ぶか、権限を直してください",
        "en": "permission denied; choose a location you can write, or fix its permissions",
    },
    "os.EPERM": {
        "ja": "操作が許可されていません。別の場所を選んでください",
        "en": "operation not permitted; choose another location",
    },
    "os.EROFS": {
        "ja": "読み取り専用のファイルシステムです。書き込める場所を選んでください",
        "en": "the file system is read-only; choose a writable location",
    },
    "os.ENOTDIR": {
        "ja": "パスの途中がディレクトリではなくファイルです。別のパスを選んでください",
        "en": "a part of this path is a file, not a directory; choose another path",
    },
    "os.EISDIR": {
        "ja": "ディレクトリです。ファイルのパスを指定してください",
        "en": "this is a directory; give a file path",
    },
    "os.ENOENT": {
        "ja": "ファイルまたはディレクトリがありません。パスを確かめてください",
        "en": "no such file or directory; check the path",
    },
    "os.ENOSPC": {
        "ja": "ディスクの空きがありません。空きを作ってから再実行してください",
        "en": "no space left on the device; free some space and run again",
    },
    "os.EEXIST": {
        "ja": "そこには既に別のものがあります。別のパスを選んでください",
        "en": "something else already exists there; choose another path",
    },
}


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    _language = lang


def language() -> str:
    return _language


def say(key: str, **values: object) -> str:
    """The message `key` in the chosen language, with `values` filled in."""
    text = MESSAGES[key][_language]
    return text.format(**values) if values else text


def family_name(family: str, lang: str | None = None) -> str:
    """A check family in words: in Japanese the warehouse's reference data
    (warehouse/seeds/value_labels_ja.csv), in English its declaration
    (expectations.families); the profile's section labels fill the placeholders; an unknown
    (new) family shows its own name."""
    from warehouse.labels import value_label

    if (lang or _language) == "en":
        return families.english_family_name(family)
    return value_label("family", family, "ja")


def change_kind(kind: str, lang: str | None = None) -> str:
    """A `vision diff` change kind in words: the report's Japanese word (declared once, in
    warehouse.changes.KINDS), or in English the kind itself (changed, added, removed, renamed)."""
    from warehouse.changes import KINDS

    return kind if (lang or _language) == "en" else KINDS.get(kind, kind)
