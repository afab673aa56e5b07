-- Warehouse-ready facts of the vision document: one table per frame of
-- warehouse.normalize.build_all_frames, columns and types in step with FRAME_SCHEMAS there
-- (tests/warehouse/normalize/test_frames_and_ddl.py checks every frame column is declared here
-- with a comment and that the frames load). 0001_core.sql owns source_document, load_run,
-- the municipality dimension and findings; these tables refer to them by value only
-- (document_sha256, municipality_code). Every table carries revision_id,
-- filled by the loader, so revisions of the document can coexist.

CREATE TABLE IF NOT EXISTS fact_population (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    printed_in VARCHAR,
    measure VARCHAR,
    year INTEGER,
    year_text VARCHAR,
    is_fiscal_year BOOLEAN,
    value BIGINT,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_population IS '人口（2(1)ア: 2020年国勢調査と2030/2040/2050年の将来推計人口、2(3): 推計人口の合計 2020–2050 と市町別5年刻み）。1行 = 市町(または合計) × 年 × 系列。単位: 人。';
COMMENT ON COLUMN fact_population.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_population.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_population.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_population.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_population.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_population.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_population.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_population.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_population.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_population.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_population.printed_in IS '掲載箇所：''2(1)ア''（人口と将来推計人口）または ''2(3)''（中長期的な将来の人口の目標）。';
COMMENT ON COLUMN fact_population.measure IS 'census（国勢調査人口）または projection（国立社会保障・人口問題研究所の将来推計人口）。2(3) の表は全列を推計人口として掲載しており 2020 も projection。';
COMMENT ON COLUMN fact_population.year IS '西暦年（暦年）。';
COMMENT ON COLUMN fact_population.year_text IS '印刷された年の文字列（例 2020年 (令和2年)）。';
COMMENT ON COLUMN fact_population.is_fiscal_year IS '年度表記なら true（人口は暦年なので false）。';
COMMENT ON COLUMN fact_population.value IS '人口（人）。';
COMMENT ON COLUMN fact_population.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_population.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_population.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_population.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_commuting (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    measure_code VARCHAR,
    measure_label VARCHAR,
    value DOUBLE,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_commuting IS '山形市への通勤通学（2(1)イ）。1行 = 市町 × 指標（A: 常住就業者・通学者総数、B: うち自宅従業者、C: うち山形市へ通勤通学する者、ratio: 通勤通学割合 C/(A−B)、印刷どおりの丸め値）。';
COMMENT ON COLUMN fact_commuting.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_commuting.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_commuting.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_commuting.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_commuting.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_commuting.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_commuting.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_commuting.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_commuting.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_commuting.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_commuting.measure_code IS 'A / B / C / ratio（ratio = C/(A−B)、印刷どおり小数2桁）。';
COMMENT ON COLUMN fact_commuting.measure_label IS '見出しの印刷文字列（例 A : 当地に常住する就業者・通学者の総数）。';
COMMENT ON COLUMN fact_commuting.value IS '印刷された数値（表示の丸めのまま）。マーカー（-、—、*、(同左)）の場合は NULL で 0 にしない。';
COMMENT ON COLUMN fact_commuting.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_commuting.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_commuting.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_commuting.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_medical_facility (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    item VARCHAR,
    measure VARCHAR,
    value BIGINT,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_medical_facility IS '医療施設及び医師数・歯科診療所及び歯科医師数（2(1)ウ(ア)①）。1行 = 市町(または合計) × 項目（病院/一般診療所/医師数/歯科診療所/歯科医師数）× 指標（施設数/病床数/…）。';
COMMENT ON COLUMN fact_medical_facility.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_medical_facility.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_medical_facility.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_medical_facility.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_medical_facility.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_medical_facility.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_medical_facility.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_medical_facility.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_medical_facility.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_medical_facility.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_medical_facility.item IS '上段見出し（病院、一般診療所、医師数、歯科診療所、歯科医師数）。';
COMMENT ON COLUMN fact_medical_facility.measure IS '下段見出し（施設数、病床数など。1段の見出しは item と同じ）。';
COMMENT ON COLUMN fact_medical_facility.value IS '印刷された数値（表示の丸めのまま）。マーカー（-、—、*、(同左)）の場合は NULL で 0 にしない。';
COMMENT ON COLUMN fact_medical_facility.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_medical_facility.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_medical_facility.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_medical_facility.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_welfare_facility (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    item VARCHAR,
    measure VARCHAR,
    value BIGINT,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_welfare_facility IS '社会福祉施設等の施設数（2(1)ウ(ア) ○社会福祉施設等の3表）。1行 = 市町(または合計) × 施設種別。単位: 施設。';
COMMENT ON COLUMN fact_welfare_facility.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_welfare_facility.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_welfare_facility.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_welfare_facility.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_welfare_facility.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_welfare_facility.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_welfare_facility.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_welfare_facility.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_welfare_facility.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_welfare_facility.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_welfare_facility.item IS '施設種別（子育て支援センター、保育所・認定こども園 など、改行の空白を除いた見出し）。';
COMMENT ON COLUMN fact_welfare_facility.measure IS '指標（施設数）。';
COMMENT ON COLUMN fact_welfare_facility.value IS '印刷された数値（表示の丸めのまま）。マーカー（-、—、*、(同左)）の場合は NULL で 0 にしない。';
COMMENT ON COLUMN fact_welfare_facility.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_welfare_facility.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_welfare_facility.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_welfare_facility.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_usage_by_residence (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    facility VARCHAR,
    service VARCHAR,
    measure VARCHAR,
    fiscal_year INTEGER,
    year_text VARCHAR,
    value DOUBLE,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_usage_by_residence IS '山形市の施設の居住地別利用状況：済生館（入院・外来・合計の延べ患者数と比率）、休日夜間診療所・休日歯科診療所（年間利用者数と比率）、市立図書館（年間利用者数と比率）、市立商業高校（在籍生徒数と比率）。1行 = 施設 × サービス × 居住地 × 指標(count/share)。空欄セル（合計行の比率など）は行にしない。';
COMMENT ON COLUMN fact_usage_by_residence.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_usage_by_residence.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_usage_by_residence.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_usage_by_residence.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_usage_by_residence.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_usage_by_residence.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_usage_by_residence.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_usage_by_residence.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_usage_by_residence.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_usage_by_residence.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_usage_by_residence.facility IS '施設名（キャプションから：山形市立病院済生館、山形市休日夜間診療所・休日歯科診療所、山形市立図書館、山形市立商業高等学校）。';
COMMENT ON COLUMN fact_usage_by_residence.service IS '区分（済生館は 入院/外来/合計、休日夜間診療所/休日歯科診療所、図書館は 利用者、商業高校は 在籍生徒）。';
COMMENT ON COLUMN fact_usage_by_residence.measure IS 'count（延べ患者数・利用者数・生徒数、人）または share（比率、%）。';
COMMENT ON COLUMN fact_usage_by_residence.fiscal_year IS '対象年度（西暦、キャプションの令和5年度 → 2023）。';
COMMENT ON COLUMN fact_usage_by_residence.year_text IS 'キャプション中の年度の印刷文字列。';
COMMENT ON COLUMN fact_usage_by_residence.value IS '印刷された数値（表示の丸めのまま）。マーカー（-、—、*、(同左)）の場合は NULL で 0 にしない。';
COMMENT ON COLUMN fact_usage_by_residence.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_usage_by_residence.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_usage_by_residence.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_usage_by_residence.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_university (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    school_name VARCHAR,
    faculty VARCHAR,
    faculty_text VARCHAR,
    study_years INTEGER,
    study_years_text VARCHAR,
    value BIGINT,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_university IS '大学・短期大学（2(1)ウ(イ)①）。1行 = 学校 × 学部。value = 在籍学生数（人）。';
COMMENT ON COLUMN fact_university.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_university.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_university.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_university.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_university.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_university.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_university.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_university.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_university.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_university.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_university.school_name IS '学校名。';
COMMENT ON COLUMN fact_university.faculty IS '学部（- の場合 NULL）。';
COMMENT ON COLUMN fact_university.faculty_text IS '学部欄の印刷文字列。';
COMMENT ON COLUMN fact_university.study_years IS '修業年限（年）。';
COMMENT ON COLUMN fact_university.study_years_text IS '修業年限の印刷文字列（例 4年）。';
COMMENT ON COLUMN fact_university.value IS '在籍学生数（人）。';
COMMENT ON COLUMN fact_university.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_university.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_university.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_university.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_library (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    operator VARCHAR,
    measure VARCHAR,
    value BIGINT,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_library IS '図書館（2(1)ウ(ウ)③）。1行 = 市町(山形市は県立/市立別) × 指標（施設数 館 / 所蔵総数 冊 / 登録者数 人）。';
COMMENT ON COLUMN fact_library.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_library.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_library.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_library.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_library.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_library.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_library.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_library.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_library.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_library.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_library.operator IS '設置者（山形市の行の 県立 / 市立、それ以外は NULL）。';
COMMENT ON COLUMN fact_library.measure IS '施設数（館）/ 所蔵総数（冊）/ 登録者数（人）。';
COMMENT ON COLUMN fact_library.value IS '印刷された数値（表示の丸めのまま）。マーカー（-、—、*、(同左)）の場合は NULL で 0 にしない。';
COMMENT ON COLUMN fact_library.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_library.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_library.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_library.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_employment (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    sector VARCHAR,
    measure VARCHAR,
    value DOUBLE,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_employment IS '産業別就業人口と構成比（2(1)ウ(エ)①）。1行 = 市町(または合計) × 産業(第1次/第2次/第3次) × 指標(count 人 / share %)。';
COMMENT ON COLUMN fact_employment.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_employment.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_employment.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_employment.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_employment.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_employment.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_employment.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_employment.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_employment.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_employment.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_employment.sector IS '産業（第1次産業 / 第2次産業 / 第3次産業）。';
COMMENT ON COLUMN fact_employment.measure IS 'count（就業人口、人）または share（構成比、%）。';
COMMENT ON COLUMN fact_employment.value IS '印刷された数値（表示の丸めのまま）。マーカー（-、—、*、(同左)）の場合は NULL で 0 にしない。';
COMMENT ON COLUMN fact_employment.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_employment.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_employment.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_employment.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_wholesale_retail (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    item VARCHAR,
    area VARCHAR,
    area_kind VARCHAR,
    municipality_code VARCHAR,
    value DOUBLE,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_wholesale_retail IS '卸売・小売業の事業所数、従業者数及び年間商品販売額（2(1)ウ(エ)③）。1行 = 項目 × 地域（山形市 / 全県 / 比率）。';
COMMENT ON COLUMN fact_wholesale_retail.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_wholesale_retail.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_wholesale_retail.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_wholesale_retail.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_wholesale_retail.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_wholesale_retail.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_wholesale_retail.item IS '項目（事業所数 / 従業者数 / 年間商品販売額、単位の括弧を除く）。';
COMMENT ON COLUMN fact_wholesale_retail.area IS '列見出し（山形市 / 全県 / 比率）。';
COMMENT ON COLUMN fact_wholesale_retail.area_kind IS 'municipality（山形市）/ prefecture（全県）/ ratio（山形市 ÷ 全県、%）。';
COMMENT ON COLUMN fact_wholesale_retail.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_wholesale_retail.value IS '印刷された数値（表示の丸めのまま）。マーカー（-、—、*、(同左)）の場合は NULL で 0 にしない。';
COMMENT ON COLUMN fact_wholesale_retail.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_wholesale_retail.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_wholesale_retail.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_wholesale_retail.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_financial_institution (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    institution_type VARCHAR,
    office_kind VARCHAR,
    entry_text VARCHAR,
    value BIGINT,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_financial_institution IS '金融機関の店舗数（2(1)ウ(エ)⑥）。本文「地方銀行本店 2・支店 24、…」を (機関種別, 本店/支店, 店舗数) に分解したもの。1行 = 市町 × 機関種別 × 店舗種別。';
COMMENT ON COLUMN fact_financial_institution.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_financial_institution.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_financial_institution.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_financial_institution.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_financial_institution.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_financial_institution.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_financial_institution.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_financial_institution.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_financial_institution.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_financial_institution.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_financial_institution.institution_type IS '金融機関の種別（都市銀行、地方銀行、信用金庫、信用組合、商工中金、労働金庫、農林中金、農協、郵便局）。';
COMMENT ON COLUMN fact_financial_institution.office_kind IS '本店 / 支店（種別だけが印刷された場合は NULL）。';
COMMENT ON COLUMN fact_financial_institution.entry_text IS '解析した部分の印刷文字列（例 支店 24）。';
COMMENT ON COLUMN fact_financial_institution.value IS '店舗数。';
COMMENT ON COLUMN fact_financial_institution.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_financial_institution.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_financial_institution.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_financial_institution.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_rail_ridership (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    line VARCHAR,
    station VARCHAR,
    value BIGINT,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_rail_ridership IS '圏域内鉄道の利用状況（一日平均、令和5年度、2(1)ウ(オ)②）。1行 = 路線 × 駅（有人駅のみ掲載）。単位: 人/日。';
COMMENT ON COLUMN fact_rail_ridership.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_rail_ridership.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_rail_ridership.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_rail_ridership.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_rail_ridership.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_rail_ridership.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_rail_ridership.line IS '路線名（キャプション、例 奥羽本線）。';
COMMENT ON COLUMN fact_rail_ridership.station IS '駅名。';
COMMENT ON COLUMN fact_rail_ridership.value IS '一日平均乗車人員（人/日）。';
COMMENT ON COLUMN fact_rail_ridership.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_rail_ridership.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_rail_ridership.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_rail_ridership.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_facility_list (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    row_kind VARCHAR,
    list_kind VARCHAR,
    category VARCHAR,
    founder VARCHAR,
    seq INTEGER,
    name VARCHAR,
    item_text VARCHAR,
    marker VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_facility_list IS '名称のリスト（拠点病院、高校・専修学校・特別支援学校、会館・ホール、博物館・美術館、スポーツ施設、大規模小売店舗、交通インフラ）。1行 = 印刷されたリストの1項目（「、」で区切られた名称）。該当なし（-）は name NULL・marker 付きの1行。';
COMMENT ON COLUMN fact_facility_list.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_facility_list.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_facility_list.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_facility_list.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_facility_list.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_facility_list.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_facility_list.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_facility_list.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_facility_list.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_facility_list.row_kind IS '行の種類：municipality（市町）/ total（合計）/ other（その他・圏域外）。';
COMMENT ON COLUMN fact_facility_list.list_kind IS 'リストの種類：base_hospital（拠点病院）/ school（高校・専修学校等）/ hall（会館・ホール）/ museum（博物館・美術館）/ sports（スポーツ施設）/ large_retail（大規模小売店舗）/ transport（交通インフラ）。';
COMMENT ON COLUMN fact_facility_list.category IS '区分（拠点病院は 三次医療機関/二次医療機関、学校は 高校/専修学校/特別支援、交通は 鉄道/高速道路/国道/路線バス/コミュニティバス）。';
COMMENT ON COLUMN fact_facility_list.founder IS '設置者（高校の 県立/市立/私立）。それ以外は NULL。';
COMMENT ON COLUMN fact_facility_list.seq IS 'セル内での項目の順番（1始まり）。';
COMMENT ON COLUMN fact_facility_list.name IS '名称（改行による和文間の空白を除去）。該当なしの場合 NULL。';
COMMENT ON COLUMN fact_facility_list.item_text IS '項目を含むセル全体の印刷文字列。';
COMMENT ON COLUMN fact_facility_list.marker IS '該当なしの印（- など）。名称がある行は NULL。';
COMMENT ON COLUMN fact_facility_list.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_kpi (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    printed_in VARCHAR,
    category_code VARCHAR,
    category_title VARCHAR,
    kpi_seq INTEGER,
    indicator_printed VARCHAR,
    indicator VARCHAR,
    indicator_key VARCHAR,
    qualifier VARCHAR,
    source VARCHAR,
    value_kind VARCHAR,
    year INTEGER,
    year_text VARCHAR,
    is_fiscal_year BOOLEAN,
    value DOUBLE,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_kpi IS '成果指標（KPI）。3(1) の3表と 4 の一覧表の両方を printed_in で区別して保持（両者の比較は checks が行う）。1行 = KPI × 基準値/目標値 × 掲載箇所。';
COMMENT ON COLUMN fact_kpi.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_kpi.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_kpi.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_kpi.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_kpi.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_kpi.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_kpi.printed_in IS '掲載箇所：''3(1)''（区分ごとの成果指標表）または ''4''（一覧表）。';
COMMENT ON COLUMN fact_kpi.category_code IS '区分コード ア / イ / ウ。';
COMMENT ON COLUMN fact_kpi.category_title IS '区分名（例 圏域全体の経済成長のけん引）。';
COMMENT ON COLUMN fact_kpi.kpi_seq IS '区分内での KPI の掲載順（1始まり）。(category_code, kpi_seq) で 3(1) と 4 を対応付けられる。';
COMMENT ON COLUMN fact_kpi.indicator_printed IS '指標名の印刷文字列（単位・注記を含む）。';
COMMENT ON COLUMN fact_kpi.indicator IS '指標名（単位の括弧より前、単位がなければ ※注記より前）。';
COMMENT ON COLUMN fact_kpi.indicator_key IS '比較用キー（indicator を NFKC 正規化し空白と・を除いたもの）。';
COMMENT ON COLUMN fact_kpi.qualifier IS '単位の後に印刷された補足（例 （民営事業所））または ※注記。';
COMMENT ON COLUMN fact_kpi.source IS '出典（印刷どおり、空白は1つに）。';
COMMENT ON COLUMN fact_kpi.value_kind IS 'baseline（基準値）または target（目標値）。';
COMMENT ON COLUMN fact_kpi.year IS 'その値の年（西暦、令和3年 → 2021）。— の場合 NULL。';
COMMENT ON COLUMN fact_kpi.year_text IS '年の印刷文字列（例 令和3年、—）。';
COMMENT ON COLUMN fact_kpi.is_fiscal_year IS '年度表記なら true。';
COMMENT ON COLUMN fact_kpi.value IS '基準値または目標値（印刷どおり、単位は unit）。— は NULL。';
COMMENT ON COLUMN fact_kpi.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_kpi.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_kpi.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_kpi.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS dim_project (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    project_no INTEGER,
    project_name VARCHAR,
    project_name_printed VARCHAR,
    category_code VARCHAR,
    category_title VARCHAR,
    subcategory_code VARCHAR,
    subcategory_title VARCHAR,
    field_code VARCHAR,
    field_title VARCHAR,
    agreement_table_id VARCHAR,
    agreement_content VARCHAR,
    role_yamagata VARCHAR,
    role_partners VARCHAR,
    description VARCHAR,
    expected_effect VARCHAR,
    subsidies_text VARCHAR,
    subsidies VARCHAR[],
    role_sharing_text VARCHAR,
    role_sharing VARCHAR[],
    cost_sharing_text VARCHAR,
    cost_sharing VARCHAR[],
    budget_note VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE dim_project IS '連携事業【1】–【44】（3(2) の事業カード）と、その属する区分（ア/イ/ウ → A/B/C → a…i）、連携協約の規定（取組内容・山形市の役割・連携市町の役割）、事業内容、期待される効果、補助制度、役割分担・費用負担の考え方。1行 = 事業。';
COMMENT ON COLUMN dim_project.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN dim_project.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN dim_project.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN dim_project.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN dim_project.project_no IS '連携事業番号（【n】の n）。';
COMMENT ON COLUMN dim_project.project_name IS '連携事業名（【n】を除く）。';
COMMENT ON COLUMN dim_project.project_name_printed IS '事業カードの連携事業名欄の印刷文字列。';
COMMENT ON COLUMN dim_project.category_code IS '区分 ア / イ / ウ。';
COMMENT ON COLUMN dim_project.category_title IS '区分名。';
COMMENT ON COLUMN dim_project.subcategory_code IS '政策分野 A / B / C（ウ のみ、それ以外 NULL）。';
COMMENT ON COLUMN dim_project.subcategory_title IS '政策分野名。';
COMMENT ON COLUMN dim_project.field_code IS '連携項目 a…i。';
COMMENT ON COLUMN dim_project.field_title IS '連携項目名。';
COMMENT ON COLUMN dim_project.agreement_table_id IS '連携協約の規定の表の table_id。';
COMMENT ON COLUMN dim_project.agreement_content IS '連携協約の規定：取組内容。';
COMMENT ON COLUMN dim_project.role_yamagata IS '連携協約の規定：山形市の役割。';
COMMENT ON COLUMN dim_project.role_partners IS '連携協約の規定：連携市町の役割。';
COMMENT ON COLUMN dim_project.description IS '事業内容。';
COMMENT ON COLUMN dim_project.expected_effect IS '期待される効果。';
COMMENT ON COLUMN dim_project.subsidies_text IS '活用を想定する補助制度等（印刷文字列、空欄は NULL）。';
COMMENT ON COLUMN dim_project.subsidies IS '補助制度等を項目に分けたリスト。';
COMMENT ON COLUMN dim_project.role_sharing_text IS '役割分担の考え方（印刷文字列）。';
COMMENT ON COLUMN dim_project.role_sharing IS '役割分担の考え方（印刷行ごとの箇条のリスト、先頭の・は除去）。';
COMMENT ON COLUMN dim_project.cost_sharing_text IS '費用負担の考え方（印刷文字列、空欄は NULL）。';
COMMENT ON COLUMN dim_project.cost_sharing IS '費用負担の考え方（箇条のリスト）。';
COMMENT ON COLUMN dim_project.budget_note IS '事業費見込の注記（※金額は山形市と連携市町の計…）。';
COMMENT ON COLUMN dim_project.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_project_participation (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    source VARCHAR,
    project_no INTEGER,
    project_name_printed VARCHAR,
    category_code VARCHAR,
    subcategory_code VARCHAR,
    field_code VARCHAR,
    municipality_code VARCHAR,
    municipality_name_printed VARCHAR,
    name_resolution VARCHAR,
    mark_printed VARCHAR,
    participates BOOLEAN,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_project_participation IS '連携事業への市町の参加。3(2) の事業カード「関連する市町」の (★)/( ) 印と、4 の一覧表の ★ の両方を source で区別して保持。1行 = 事業 × 市町 × 掲載箇所。参加しない市町も participates = false の行として持つ。';
COMMENT ON COLUMN fact_project_participation.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_project_participation.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_project_participation.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_project_participation.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_project_participation.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_project_participation.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_project_participation.source IS '''3(2)''（事業カードの関連する市町）または ''4''（一覧表の ★）。';
COMMENT ON COLUMN fact_project_participation.project_no IS '連携事業番号。';
COMMENT ON COLUMN fact_project_participation.project_name_printed IS 'その掲載箇所での事業名（【n】を除く）。カードと一覧表の名称差の比較用。';
COMMENT ON COLUMN fact_project_participation.category_code IS 'その掲載箇所での区分 ア/イ/ウ。';
COMMENT ON COLUMN fact_project_participation.subcategory_code IS 'その掲載箇所での政策分野 A/B/C。';
COMMENT ON COLUMN fact_project_participation.field_code IS 'その掲載箇所での連携項目 a…i。';
COMMENT ON COLUMN fact_project_participation.municipality_code IS '市町の全国地方公共団体コード（5桁、検査数字なし）。合計・その他の行は NULL。';
COMMENT ON COLUMN fact_project_participation.municipality_name_printed IS '文書に印刷された市町名（誤植もそのまま、例 上市市）。';
COMMENT ON COLUMN fact_project_participation.name_resolution IS '印刷名からコードへの解決方法：official（正式名）/ variant（既知の別表記）/ misprint（誤植と判断）。合計・その他は NULL。';
COMMENT ON COLUMN fact_project_participation.mark_printed IS '印刷された印：カードは ''(★)'' または ''( )''、一覧表は ''★'' または空文字。';
COMMENT ON COLUMN fact_project_participation.participates IS '★ が付いていれば true（参加）。';
COMMENT ON COLUMN fact_project_participation.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_project_schedule (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    project_no INTEGER,
    activity VARCHAR,
    activity_seq INTEGER,
    fiscal_year INTEGER,
    year_text VARCHAR,
    status VARCHAR,
    status_printed VARCHAR,
    is_same_as_left BOOLEAN,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_project_schedule IS '連携事業の実施スケジュール（3(2) 事業カード）。1行 = 事業 × 取組（活動）× 年度（FY2025–2029）。(同左) は左のセルの内容に解決し、印刷文字列も保持。';
COMMENT ON COLUMN fact_project_schedule.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_project_schedule.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_project_schedule.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_project_schedule.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_project_schedule.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_project_schedule.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_project_schedule.project_no IS '連携事業番号。';
COMMENT ON COLUMN fact_project_schedule.activity IS '取組（スケジュール表の行見出し）。';
COMMENT ON COLUMN fact_project_schedule.activity_seq IS '事業内での取組の順番（1始まり）。';
COMMENT ON COLUMN fact_project_schedule.fiscal_year IS '年度（西暦、2025年度 (令和7年度) → 2025）。';
COMMENT ON COLUMN fact_project_schedule.year_text IS '年度見出しの印刷文字列。';
COMMENT ON COLUMN fact_project_schedule.status IS 'その年度の内容（(同左) は左のセルの内容に解決済み）。';
COMMENT ON COLUMN fact_project_schedule.status_printed IS '印刷されたセルの文字列（(同左) のまま）。';
COMMENT ON COLUMN fact_project_schedule.is_same_as_left IS '(同左) と印刷されていれば true。';
COMMENT ON COLUMN fact_project_schedule.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';

CREATE TABLE IF NOT EXISTS fact_project_budget (
    document_sha256 VARCHAR,
    table_id VARCHAR,
    caption VARCHAR,
    page INTEGER,
    row_label VARCHAR,
    column_label VARCHAR,
    project_no INTEGER,
    fiscal_year INTEGER,
    year_text VARCHAR,
    is_total BOOLEAN,
    value BIGINT,
    value_text VARCHAR,
    marker VARCHAR,
    unit VARCHAR,
    revision_id VARCHAR
);
COMMENT ON TABLE fact_project_budget IS '連携事業の事業費見込（3(2) 事業カード、千円、山形市と連携市町の計）。1行 = 事業 × 年度、および合計が印刷されている場合は fiscal_year NULL・is_total の行。— は事業費なし、* は未積算（いずれも value NULL、0 ではない）。';
COMMENT ON COLUMN fact_project_budget.document_sha256 IS '出典PDFの SHA-256（16進小文字）。source_document への参照。';
COMMENT ON COLUMN fact_project_budget.table_id IS '抽出時の表ID（t001…、文書内の出現順。レンダリング内でのみ安定）。';
COMMENT ON COLUMN fact_project_budget.caption IS '表のキャプション（印刷どおり）。表を同定するキー。';
COMMENT ON COLUMN fact_project_budget.page IS 'その行が印刷されているページ番号（1始まり、複数ページにまたがる表では行ごと）。';
COMMENT ON COLUMN fact_project_budget.row_label IS '元の表の行見出し（印刷どおり、複数段は / 区切り）。';
COMMENT ON COLUMN fact_project_budget.column_label IS '元の表の列見出し（多段見出しは上から / で連結、例 入院/患者数）。';
COMMENT ON COLUMN fact_project_budget.project_no IS '連携事業番号。';
COMMENT ON COLUMN fact_project_budget.fiscal_year IS '年度（西暦）。合計行は NULL。';
COMMENT ON COLUMN fact_project_budget.year_text IS '見出しの印刷文字列（2025年度 (令和7年度) / 合計）。';
COMMENT ON COLUMN fact_project_budget.is_total IS '合計欄の行なら true（合計が印刷されている事業のみ）。';
COMMENT ON COLUMN fact_project_budget.value IS '事業費見込（千円）。— と * は NULL（marker を参照）。';
COMMENT ON COLUMN fact_project_budget.value_text IS '印刷されたセルの文字列（全角数字・桁区切り・% を含めそのまま）。';
COMMENT ON COLUMN fact_project_budget.marker IS '数値の代わりに印刷された記号（-、—、*、(同左) など）。数値が印刷されていれば NULL。';
COMMENT ON COLUMN fact_project_budget.unit IS 'value の単位（人、%、施設、床、千円、百万円、人/日 など）。比率（倍率）は NULL。';
COMMENT ON COLUMN fact_project_budget.revision_id IS 'この行を読み込んだ文書改訂のID（ロード時にリードのローダーが設定）。';
