"""Tests of Ⅲ リスク対策 and Ⅳ その他のリスク対策 (ingest.extractors.risk and .measure)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import source_of
from ingest_sections import file_records, source_records
from ingest_testdata import DATA

from ingest.form import SectionKind
from ingest.normalize import normalize_line
from ingest.pipeline import extract_file
from ingest.records import IssueCode, Risk
from ingest.source import read_source

KINDS = (SectionKind.RISK_MEASURES, SectionKind.OTHER_MEASURES)
KEYS = ("form_ref", "section", "no", "name", "rating", "line")


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATA / "expected" / "risks" / f"{path.stem}.json").read_text(encoding="utf-8")
    )
    return data


def _row(risk: Risk) -> dict[str, Any]:
    return {key: getattr(risk, key) for key in KEYS}


def _squeeze(text: str) -> str:
    return "".join(text.split())


@cache
def _own_issues(path: Path) -> list[tuple[str, str | None, int | None]]:
    """The issues of Ⅲ and Ⅳ: the extractors' own, and SECTION_MISSING from the pipeline."""
    missing = [
        (i.code.value, i.form_ref, i.line)
        for i in extract_file(path).issues
        if i.code is IssueCode.SECTION_MISSING and i.form_ref in ("Ⅲ", "Ⅳ")
    ]
    own = [(i.code.value, i.form_ref, i.line) for i in file_records(path, *KINDS).issues]
    return sorted(missing + own, key=str)


def test_every_corpus_text_has_expected_risks(corpus_file: Path) -> None:
    assert (DATA / "expected" / "risks" / f"{corpus_file.stem}.json").is_file()


def test_every_risk_is_read(corpus_file: Path) -> None:
    got = [_row(r) for r in file_records(corpus_file, *KINDS).risks]
    want = [{key: risk[key] for key in KEYS} for risk in _expected(corpus_file)["risks"]]
    assert got == want


def test_platforms_and_measures(corpus_file: Path) -> None:
    risks = file_records(corpus_file, *KINDS).risks
    for risk, want in zip(risks, _expected(corpus_file)["risks"], strict=True):
        where = f"{risk.form_ref} {risk.no} {risk.name}"
        if "platforms" in want:
            assert list(risk.platforms) == want["platforms"], where
        if "measures_startswith" in want:
            assert risk.measures is not None, where
            assert _squeeze(risk.measures).startswith(_squeeze(want["measures_startswith"])), where


def test_known_misses_are_still_missed(corpus_file: Path) -> None:
    """What the expected file records as not extracted is not extracted (update it on a fix)."""
    got = [_row(r) for r in file_records(corpus_file, *KINDS).risks]
    for miss in _expected(corpus_file)["known_missing"]:
        assert {key: miss[key] for key in KEYS} not in got


def test_issues(corpus_file: Path) -> None:
    want = sorted(
        ((i["code"], i["form_ref"], i["line"]) for i in _expected(corpus_file)["issues"]), key=str
    )
    assert _own_issues(corpus_file) == want


def _slot(risk: Risk | dict[str, Any]) -> tuple[Any, ...]:
    get = risk.get if isinstance(risk, dict) else lambda key: getattr(risk, key)
    return get("form_ref"), get("section"), get("no")


def test_the_pipeline_keeps_the_risks_but_those_the_change_history_restates(
    corpus_file: Path,
) -> None:
    """The pipeline's risks are the extractors', except the Ⅳ items that the change history
    fills (``from_change_history`` of the expected file): those are as listed there."""
    restated = {_slot(want): want for want in _expected(corpus_file).get("from_change_history", [])}
    got = extract_file(corpus_file).risks
    kept = [risk for risk in got if _slot(risk) not in restated]
    extracted = file_records(corpus_file, *KINDS).risks
    assert kept == [risk for risk in extracted if _slot(risk) not in restated]
    assert sorted(map(str, restated)) == sorted(str(_slot(r)) for r in got if _slot(r) in restated)
    for risk in got:
        want = restated.get(_slot(risk))
        if want is None:
            continue
        where = f"{risk.form_ref} {risk.no} {risk.name}"
        assert _row(risk) == {key: want[key] for key in KEYS}, where
        assert list(risk.platforms) == want["platforms"], where
        assert risk.measures is not None, where
        if "measures" in want:
            assert risk.measures == want["measures"], where
        else:
            assert _squeeze(risk.measures).startswith(_squeeze(want["measures_startswith"])), where


def test_every_risk_the_change_history_fills_has_an_issue_naming_its_row(
    corpus_file: Path,
) -> None:
    restated = _expected(corpus_file).get("from_change_history", [])
    result = extract_file(corpus_file)
    repaired = {
        i.form_ref
        for i in result.issues
        if i.code is IssueCode.REPAIRED_TEXT and "change history" in i.message
    }
    for want in restated:
        assert want["form_ref"] in repaired, want


def test_every_rating_is_a_canonical_label(corpus_file: Path) -> None:
    ratings = {r.rating for r in file_records(corpus_file, *KINDS).risks}
    assert ratings <= {None, "特に力を入れている", "十分である", "課題が残されている"}


# --- the same risks from another encoding, width or municipality ------------------------------


@cache
def _cp932_char(char: str) -> str:
    for candidate in (char, normalize_line(char)):
        try:
            candidate.encode("cp932")
        except UnicodeEncodeError:
            continue
        return candidate
    return "〓"


def _cp932_safe(text: str) -> str:
    return "".join(_cp932_char(char) if ord(char) > 0x7F else char for char in text)


def _facts(risks: tuple[Risk, ...]) -> list[tuple[Any, ...]]:
    return [(*(getattr(r, key) for key in KEYS), r.platforms) for r in risks]


def test_bom_crlf_cp932_and_full_width_digits_give_the_same_risks(
    tmp_path: Path, corpus_file: Path
) -> None:
    text = _cp932_safe(read_source(corpus_file).text)
    plain = tmp_path / "plain.txt"
    plain.write_text(text, encoding="utf-8")
    reference = extract_file(plain).risks  # the extractors' risks and the change-history fills
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert extract_file(bom).risks == reference
    cp932 = tmp_path / "cp932.txt"
    cp932.write_bytes(text.encode("cp932"))
    assert extract_file(cp932).risks == reference
    wide = tmp_path / "wide.txt"
    wide.write_text(
        text.translate({code: code + 0xFEE0 for code in range(0x30, 0x3A)}), encoding="utf-8"
    )
    assert _facts(extract_file(wide).risks) == _facts(reference)
    assert _facts(extract_file_risks(source_text=text)) == _facts(
        extract_file_risks(source_text=wide.read_text(encoding="utf-8"))
    )


def extract_file_risks(*, source_text: str) -> tuple[Risk, ...]:
    return source_records(source_of(source_text), *KINDS).risks


def test_other_names_give_the_same_risks(corpus_file: Path) -> None:
    text = read_source(corpus_file).text
    renamed = text
    for old, new in (("千葉", "静岡"), ("つくば", "みなと"), ("岡山", "広島"), ("富士通", "某社")):
        renamed = renamed.replace(old, new)
    got = source_records(source_of(renamed), *KINDS).risks
    assert _facts(got) == _facts(file_records(corpus_file, *KINDS).risks)


# --- small texts: the damage of the corpus, one at a time ---------------------------------------

PART = "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策\n"
CHOICES = "<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている"
ACQUISITION = "2. 特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)\n"
USE = "3. 特定個人情報の使用\n"
PROVISION = "5. 特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)\n"
ACQUISITION_ROW = (
    "特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)におけるその他のリスク"
    "及びそのリスクに対する措置\n"
)
PROVISION_ROW = (
    "特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)における"
    "その他のリスク及びそのリスクに対する措置\n"
)
MEASURE = "リスクに対する措置の内容\t申請書の様式を定め、必要な情報以外は記載させない。\n"


def _rating(value: str = "十分である") -> str:
    return f"リスクへの対策は十分か\t[ {value} ] {CHOICES}\n"


def _risks(body: str, kind: str = "全項目評価書") -> Any:
    cover = f"特定個人情報保護評価書({kind})\n評価書番号\n1\n評価書名\nX事務\n"
    return source_records(source_of(cover + PART + body), *KINDS)


def _stage_issues(got: Any, reference: str) -> list[IssueCode]:
    return [i.code for i in got.issues if i.form_ref == reference]


def _summary(risks: tuple[Risk, ...]) -> list[tuple[Any, ...]]:
    return [(r.form_ref, r.no, r.rating) for r in risks]


def test_a_stage_printed_in_reverse_with_its_heading_last() -> None:
    """001: a stage's rows in reverse order, its heading and first risk after the others."""
    got = _risks(
        ACQUISITION_ROW
        + "-\n"
        + "リスク2: 不適切な方法で入手が行われるリスク\n"
        + MEASURE
        + _rating("課題が残されている")
        + _rating("特に力を入れている")
        + ACQUISITION
        + "リスク1: 目的外の入手が行われるリスク\n"
        + MEASURE
    )
    assert _summary(got.risks) == [
        ("Ⅲ 2", 1, "特に力を入れている"),
        ("Ⅲ 2", 2, "課題が残されている"),
    ]


def test_a_risk_printed_after_its_rating_takes_the_measures_before_it() -> None:
    """001: リスク3 of 使用 printed after its rating and after the stage's その他 row."""
    got = _risks(
        USE
        + "リスク1: 目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク\n"
        + MEASURE
        + _rating()
        + "特定個人情報の使用におけるその他のリスク及びそのリスクに対する措置\n-\n"
        + "リスクに対する措置の内容\n・職員に誓約書を提出させ、目的外の利用を禁止している。\n"
        + _rating("課題が残されている")
        + "リスク3: 従業者が事務外で使用するリスク\n"
    )
    third = got.risks[1]
    assert (third.no, third.rating) == (3, "課題が残されている")
    assert third.measures == "・職員に誓約書を提出させ、目的外の利用を禁止している。"


def test_a_lost_stage_heading_is_recognised_by_the_wording_of_its_risks() -> None:
    """003: Ⅲ 6's heading lost; リスク3 reads like Ⅲ 2's, but after Ⅲ 5 it is Ⅲ 6's."""
    got = _risks(
        PROVISION
        + "リスク1: 不正な提供・移転が行われるリスク\n"
        + MEASURE
        + _rating()
        + PROVISION_ROW
        + "-\n"
        + "リスク3: 入手した特定個人情報が不正確であるリスク\n"
        + MEASURE
        + _rating()
    )
    assert [(r.section, r.no) for r in got.risks] == [
        ("提供・移転", 1),
        ("情報提供ネットワークシステムとの接続", 3),
    ]
    codes = {(i.code, i.form_ref) for i in got.issues}
    assert (IssueCode.REPAIRED_TEXT, "Ⅲ 6") in codes  # the heading is not in the text
    assert (IssueCode.FIELD_MISSING, "Ⅲ 6") in codes  # リスク1, 2 and 4–7 are not either


def test_a_rating_whose_risk_heading_was_lost_recovers_the_risk() -> None:
    """002: Ⅲ 5's heading and リスク1's heading lost; its rating precedes リスク2."""
    got = _risks(
        USE
        + "リスク1: 目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク\n"
        + MEASURE
        + _rating()
        + "特定個人情報の使用におけるその他のリスク及びそのリスクに対する措置\n"
        + "特定個人情報の提供・移転に関するルール\t[ 定めている ] <選択肢> 1) 定めている\n"
        + "ルールの内容及びルール遵守の確認方法\t提供・移転は主管課の長の許可を得て行う。\n"
        + _rating("課題が残されている")
        + "リスク72: 不適切な方法で提供・移転が行われるリスク\n"
        + MEASURE
        + "リスクへの対策は十分か\t【選択肢> 「)特に力を入れている 2)十分である\n"
    )
    assert [(r.form_ref, r.no, r.name, r.rating) for r in got.risks][1:] == [
        ("Ⅲ 5", 1, "不正な提供・移転が行われるリスク", "課題が残されている"),
        ("Ⅲ 5", 2, "不適切な方法で提供・移転が行われるリスク", None),
    ]
    assert got.risks[1].measures is not None
    assert got.risks[1].measures.startswith("特定個人情報の提供・移転に関するルール")
    codes = [(i.code, i.form_ref) for i in got.issues]
    assert (IssueCode.NO_SELECTION, "Ⅲ 5") in codes  # リスク2: 【選択肢> selects nothing
    assert codes.count((IssueCode.REPAIRED_TEXT, "Ⅲ 5")) == 3  # heading, リスク1, 72 → 2


def test_two_risks_run_together_on_one_line_are_cut_apart() -> None:
    """002: リスク6 and リスク7 of Ⅲ 6, with measures and ratings, on one line."""
    got = _risks(
        "6. 情報提供ネットワークシステムとの接続\n"
        "リスク6: 不適切な方法で提供されるリスク <中間サーバー・ソフトウェアにおける措置> "
        "暗号化して提供する。 <選択肢> [ 十分である 1) 特に力を入れている 3) 課題が残されている "
        "リスクへの対策は十分か 2) 十分である リスク7: 誤った情報を提供してしまうリスク、"
        "誤った相手に提供してしまうリスク 〈中間サーバー・ブラットフォームにおける措置〉 "
        "照合する。 <選択肢> 課題が残されている 1) 特に力を入れている 2) 十分である "
        "リスクへの対策は十分か 3) 課題が残されている\n"
    )
    assert [(r.no, r.rating, r.platforms) for r in got.risks] == [
        (6, "十分である", ("中間サーバー・ソフトウェア",)),
        (7, "課題が残されている", ("中間サーバー・プラットフォーム",)),
    ]


def test_a_staircase_row_is_one_risk() -> None:
    """002: 'リスク1: 特定個人情報の漏⇥リスク1: 特定個人情報の漏えい・滅失・毀損リスク'."""
    got = _risks(
        "7. 特定個人情報の保管・消去\n"
        "リスク1: 特定個人情報の漏\tリスク1: 特定個人情報の漏えい・滅失・毀損リスク\n"
        + MEASURE
        + "リスクへの対策は十分か\t[\t十分\tである\t]\n"
    )
    assert [(r.no, r.name, r.rating) for r in got.risks] == [
        (1, "特定個人情報の漏えい・滅失・毀損リスク", "十分である")
    ]
    assert _stage_issues(got, "Ⅲ 7") == [IssueCode.FIELD_MISSING]  # リスク2, 3: not in the text


def test_a_stage_with_labels_and_no_values_is_an_empty_template() -> None:
    """001: 提供・移転しない: the risks' labels and empty boxes only."""
    got = _risks(
        PROVISION.rstrip("\n")
        + " [○] 提供・移転しない\n"
        + "リスク1: 不正な提供・移転が行われるリスク\n"
        + "特定個人情報の提供・移転の記録\nリスクへの対策は十分か [\n"
        + "リスク2: 不適切な方法で提供・移転が行われるリスク\nリスクに対する措置の内容\n"
        + "リスクへの対策は十分か [ ]\n"
    )
    assert got.risks == ()
    assert _stage_issues(got, "Ⅲ 5") == [IssueCode.EMPTY_TEMPLATE]


def test_a_risk_with_measures_and_no_rating_is_no_selection() -> None:
    got = _risks(USE + "リスク3: 従業者が事務外で使用するリスク\n" + MEASURE + _rating("") + "\n")
    assert _summary(got.risks) == [("Ⅲ 3", 3, None)]
    assert _stage_issues(got, "Ⅲ 3") == [IssueCode.NO_SELECTION, IssueCode.FIELD_MISSING]


def test_a_name_with_a_pasted_english_word_reads_as_the_form_wording() -> None:
    """003: 'リスク3: 入手した特定個人情報 that 不正確であるリスク'."""
    head = "リスク3: 入手した特定個人情報 that 不正確であるリスク\n"
    got = _risks(ACQUISITION + head + MEASURE + _rating())
    assert got.risks[0].name == "入手した特定個人情報が不正確であるリスク"
    assert _stage_issues(got, "Ⅲ 2") == [IssueCode.REPAIRED_TEXT, IssueCode.FIELD_MISSING]


def test_the_delegation_risks_share_one_rating() -> None:
    got = _risks(
        "4. 特定個人情報ファイルの取扱いの委託\t[ ] 委託しない\n"
        "委託先による特定個人情報の不正入手・不正な使用に関するリスク 委託先による特定個人情報の"
        "不正な提供に関するリスク 委託先による特定個人情報の保管・消去に関するリスク "
        "委託契約終了後の不正な使用等のリスク 再委託に関するリスク\n"
        "情報保護管理体制の確認\t委託先に個人情報管理責任者を置かせている。\n" + _rating()
    )
    assert len(got.risks) == 5
    assert {(r.no, r.rating, r.measures) for r in got.risks} == {
        (None, "十分である", "情報保護管理体制の確認 委託先に個人情報管理責任者を置かせている。")
    }


def test_the_part_printed_before_its_heading_is_read() -> None:
    """001: the end of 別添2 holds the first rows of Ⅲ 2 (PDF layout)."""
    text = (
        "(別添2) 特定個人情報ファイル記録項目\n<宛名>\n宛名番号 氏名\n"
        + ACQUISITION_ROW
        + "リスク4: 入手の際に特定個人情報が漏えい・紛失するリスク\n"
        + MEASURE
        + _rating()
        + PART
        + ACQUISITION
        + "リスク1: 目的外の入手が行われるリスク\n"
        + MEASURE
        + _rating()
    )
    got = source_records(source_of(text), SectionKind.RISK_MEASURES, SectionKind.RECORD_ITEMS)
    assert [(r.no, r.line) for r in got.risks] == [(1, 10), (4, 5)]
    assert [item.name for item in got.data_items] == ["宛名番号", "氏名"]


def test_ratings_of_iv_printed_apart_from_their_labels() -> None:
    """001: ①自己点検's value below it, 教育・啓発's above it, ②監査's before 2.'s heading."""
    text = (
        "Ⅳ その他のリスク対策 ※\n1.監査\n①自己点検\n十分に行っている[ <選択肢>\n"
        "1) 特に力を入れて行っている 2) 十分に行っている\n3) 十分に行っていない\n]\n"
        "十分に行っていない\n従業者に対する教育・啓発\n具体的な方法\n・研修を年1回実施している。\n"
        "]特に力を入れて行っている[\n2.従業者に対する教育・啓発\n②監査\n[ ]\n3.その他のリスク対策\n"
        "①連絡先\n〒000-0000 X市\n"
    )
    got = source_records(source_of(text), SectionKind.OTHER_MEASURES)
    assert [(r.form_ref, r.name, r.rating) for r in got.risks] == [
        ("Ⅳ 1", "自己点検", "十分である"),
        ("Ⅳ 1", "監査", "特に力を入れている"),
        ("Ⅳ 2", "従業者に対する教育・啓発", "課題が残されている"),
    ]
    assert got.risks[2].measures == "・研修を年1回実施している。"


def test_an_iv_item_whose_detail_label_is_elsewhere_takes_the_text_after_its_own_label() -> None:
    """001: 具体的なチェック方法 printed before the part heading; ①自己点検's text follows its
    rating. An item whose label the part does hold (具体的な方法) still reads only that."""
    text = (
        "Ⅳ その他のリスク対策 ※\n1.監査\n①自己点検\n十分に行っている[ <選択肢>\n"
        "1) 特に力を入れて行っている 2) 十分に行っている\n3) 十分に行っていない\n]\n"
        "<X市における措置>\nチェックリストを用いて年1回自己点検を実施する。\n"
        "十分に行っている\n従業者に対する教育・啓発\n具体的な方法\n・研修を年1回実施している。\n"
        "②監査\n[ 十分に行っている ]\n<選択肢>\n3.その他のリスク対策\n①連絡先\n〒000-0000 X市\n"
    )
    got = source_records(source_of(text), SectionKind.OTHER_MEASURES)
    assert [(r.name, r.measures) for r in got.risks] == [
        ("自己点検", "<X市における措置> チェックリストを用いて年1回自己点検を実施する。"),
        ("監査", None),
        ("従業者に対する教育・啓発", "・研修を年1回実施している。"),
    ]


def test_a_focused_assessment_has_its_iv_items_in_iii() -> None:
    got = _risks(
        ACQUISITION
        + "リスク: 目的外の入手が行われるリスク\n"
        + MEASURE
        + _rating()
        + "8. 監査\n実施の有無\t[○] 自己点検 [ ] 内部監査 [○] 外部監査\n"
        + "9. 従業者に対する教育・啓発\n"
        + "従業者に対する教育・啓発\t[ ] 十分に行っている [ ] <選択肢> 1) 特に力を入れて\n"
        + "10. その他のリスク対策\n【ガバメントクラウドにおける措置】 国が契約を履行させる。\n",
        kind="重点項目評価書",
    )
    assert [(r.form_ref, r.section, r.no, r.name, r.rating, r.platforms) for r in got.risks] == [
        ("Ⅲ 2", "入手", 1, "目的外の入手が行われるリスク", "十分である", ()),
        ("Ⅲ 8", "監査", None, "自己点検", None, ()),
        ("Ⅲ 8", "監査", None, "外部監査", None, ()),
        ("Ⅲ 9", "従業者に対する教育・啓発", None, "従業者に対する教育・啓発", "十分である", ()),
        ("Ⅲ 10", "その他のリスク対策", None, None, None, ("ガバメントクラウド",)),
    ]
    missing = {i.form_ref for i in got.issues if i.code is IssueCode.SECTION_MISSING}
    assert missing == {"Ⅲ 3", "Ⅲ 4", "Ⅲ 5", "Ⅲ 6", "Ⅲ 7"}


@pytest.mark.parametrize(
    ("value", "rating"),
    [
        ("[ 十分である ]", "十分である"),
        ("]課題が残されている[", "課題が残されている"),
        ("[ ]", None),
    ],
)
def test_rating_encodings(value: str, rating: str | None) -> None:
    got = _risks(
        USE
        + "リスク4: 特定個人情報ファイルが不正に複製されるリスク\n"
        + MEASURE
        + "リスクへの対策は十分か\n"
        + value
        + "\n"
        + CHOICES
        + "\n"
    )
    assert got.risks[0].rating == rating


def _per_file(text: str, names: list[str]) -> str:
    """A generated text whose one Ⅲ (``1. ファイル名`` listing every file) is printed once per
    file, as documents with several files do."""
    lines = text.split("\n")
    end = max(
        n for n, line in enumerate(lines) if "Ⅳ その他のリスク対策" in line and "\t" not in line
    )
    heading = max(n for n in range(end) if "1. 特定個人情報ファイル名" in lines[n])
    stages = lines[heading + 1 + len(names) : end]
    repeated = [line for name in names for line in ("1. 特定個人情報ファイル名", name, *stages)]
    return "\n".join(lines[:heading] + repeated + lines[end:])


def test_iii_repeated_per_file_gives_each_file_its_risks() -> None:
    from ingest_helpers import extract_text
    from ingest_synth import generated_with

    made = generated_with(lambda m: len(m.expected.files) >= 2)
    names = [f.name for f in made.expected.files]
    result = extract_text(_per_file(made.text, names))
    stage_risks = [r for r in made.expected.risks if (r.form_ref or "").startswith("Ⅲ")]
    got = [r for r in result.risks if (r.form_ref or "").startswith("Ⅲ")]
    assert [r.file for r in got] == [name for name in names for _risk in stage_risks]
    for name in names:
        assert [(r.form_ref, r.no, r.name, r.rating) for r in got if r.file == name] == [
            (r.form_ref, r.no, r.name, r.rating) for r in stage_risks
        ]
    assert not any(i.code is IssueCode.DUPLICATE_ITEM for i in result.issues)
    # Ⅳ stays the assessment's.
    assert all(r.file is None for r in result.risks if (r.form_ref or "").startswith("Ⅳ"))
    # One Ⅲ for every file names none.
    assert all(r.file is None for r in extract_text(made.text).risks)


def test_a_middle_dot_the_encoding_lost_still_reads_the_delegation_risks() -> None:
    # CP932 cannot hold another middle dot (·): the text writes ``?`` in its place.
    got = _risks(
        "4. 特定個人情報ファイルの取扱いの委託\t[ ] 委託しない\n"
        "委託先による特定個人情報の不正入手?不正な使用に関するリスク 委託先による特定個人情報の"
        "不正な提供に関するリスク 委託先による特定個人情報の保管?消去に関するリスク "
        "委託契約終了後の不正な使用等のリスク 再委託に関するリスク\n"
        "情報保護管理体制の確認\t委託先に個人情報管理責任者を置かせている。\n" + _rating()
    )
    assert len(got.risks) == 5
    assert got.risks[0].name == "委託先による特定個人情報の不正入手・不正な使用に関するリスク"


def test_a_risk_heading_printed_twice_is_one_risk_at_its_first_line() -> None:
    head = "リスク1: 目的外の入手が行われるリスク\n"
    got = _risks(ACQUISITION + head + head + MEASURE + _rating())
    assert [(r.no, r.rating) for r in got.risks] == [(1, "十分である")]
    assert got.risks[0].line == _risks(ACQUISITION + head + MEASURE + _rating()).risks[0].line
    assert IssueCode.DUPLICATE_ITEM not in _stage_issues(got, "Ⅲ 2")
