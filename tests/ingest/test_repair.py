"""Tests of ingest.repair: OCR repairs need evidence."""

from __future__ import annotations

from ingest.repair import CONFUSABLE, repair_by_consensus, repair_by_vocabulary


def test_confusable_is_symmetric() -> None:
    for char, partners in CONFUSABLE.items():
        for partner in partners:
            assert char in CONFUSABLE[partner]


def test_vocabulary_repairs_only_confusable_characters() -> None:
    vocabulary = ["宛名システム等", "税務システム", "中間サーバー"]
    assert repair_by_vocabulary("空名システム等", vocabulary) == "宛名システム等"
    assert repair_by_vocabulary("死名システム等", vocabulary) == "宛名システム等"
    assert repair_by_vocabulary("宛名システム等", vocabulary) is None
    assert repair_by_vocabulary("収納システム", vocabulary) is None  # 収/税 are not look-alikes
    assert repair_by_vocabulary("宛名管理システム", vocabulary) is None


def test_consensus_needs_a_clear_majority() -> None:
    assert repair_by_consensus("取滞納事務", "収滞納" * 9 + "取滞納") == "収滞納事務"
    assert repair_by_consensus("取滞納事務", "収滞納" * 2 + "取滞納") is None
    assert repair_by_consensus("取滞納事務", "収滞納" * 4 + "取滞納" * 3) is None
    assert repair_by_consensus("国民年金システム", "国民年金システム") is None
