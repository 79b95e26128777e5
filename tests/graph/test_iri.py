"""The IRI rules of ontology/NAMING.md, as graph/iri.py implements them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph import iri

NAMING = Path(__file__).resolve().parents[2] / "ontology" / "NAMING.md"
SHA = "0123456789abcdef" * 4
_ROW = re.compile(r"^\| `(?P<left>.*)` \| `(?P<right>.*)` \|$")


def _table(section: str) -> list[tuple[str, str]]:
    """Rows of the two-column code table under the heading ``section`` of NAMING.md."""
    text = NAMING.read_text(encoding="utf-8")
    body = text.split(f"\n## {section}", 1)[1].split("\n## ", 1)[0]
    return [(m["left"], m["right"]) for line in body.splitlines() if (m := _ROW.match(line))]


EXAMPLES = _table("Examples")
SLUGS = _table("`slug(name)`")


def test_naming_md_has_examples() -> None:
    assert len(EXAMPLES) >= 15
    assert len(SLUGS) >= 5


@pytest.mark.parametrize(("call", "expected"), EXAMPLES)
def test_naming_examples_are_what_the_code_makes(call: str, expected: str) -> None:
    namespace = {name: getattr(iri, name) for name in dir(iri) if not name.startswith("_")}
    namespace["sha"] = SHA
    assert str(eval(call, namespace)) == expected


@pytest.mark.parametrize(("name", "expected"), SLUGS)
def test_naming_slug_table(name: str, expected: str) -> None:
    assert iri.slug(name) == expected


def test_iris_are_deterministic() -> None:
    def make() -> list[str]:
        key = iri.assessment_key(municipality="千葉市", org="千葉市長", number="27", sha256=SHA)
        return [
            str(iri.assessment_iri(key)),
            str(iri.local_system_iri("宛名システム等", municipality="千葉市", key=key)),
            str(iri.connection_iri(key, 1, 2)),
        ]

    assert make() == make()


def test_slug_uses_nfc_not_nfkc() -> None:
    assert iri.slug("①Ⅲｶﾅ") == "①Ⅲｶﾅ"
    assert iri.slug("か\u3099") == iri.slug("が")


@pytest.mark.parametrize("blank", ["", " ", "\u3000\t"])
def test_slug_refuses_blank_names(blank: str) -> None:
    with pytest.raises(ValueError, match="blank"):
        iri.slug(blank)


def test_key_falls_back_to_source_hash_without_cover() -> None:
    assert iri.assessment_key(municipality=None, org=None, number="27", sha256=SHA) == (
        "source/0123456789abcdef"
    )
    assert iri.assessment_key(municipality=" ", org=None, number="27", sha256=SHA).startswith(
        "source/"
    )


def test_bad_identifiers_are_refused() -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        iri.source_iri("ABC")
    with pytest.raises(ValueError, match="法令ID"):
        iri.law_iri("425AC/../x")
    with pytest.raises(ValueError, match="legal number"):
        iri.article_iri("425AC0000000027", "十九")
    with pytest.raises(ValueError, match="legal number"):
        iri.appendix_table_row_iri("425AC0000000027", 1, "24項")
    with pytest.raises(ValueError, match="1-based"):
        iri.file_iri("千葉市/27", 0)
    with pytest.raises(ValueError, match="別表"):
        iri.appendix_table_number("表2")


def test_branch_numbers_become_underscores() -> None:
    # 第30条の9 and 第9条の2: e-Gov numbers branch articles with _ (9_2), whatever the text wrote.
    assert iri.article_iri("342AC0000000081", "30の9") == iri.article_iri("342AC0000000081", "30_9")
    assert str(iri.article_iri("342AC0000000081", "30の9")).endswith("/article/30_9")


def test_assessment_iri_to_key_round_trips() -> None:
    key = "千葉市/27"
    assert iri.assessment_iri_to_key(str(iri.assessment_iri(key))) == key


@given(st.text(min_size=1, max_size=30))
def test_slug_is_one_valid_iri_segment(name: str) -> None:
    if not "".join(ch for ch in name if not ch.isspace()):
        return
    segment = iri.slug(name)
    assert not any(ch in segment for ch in "/?#[]@ \t\n")
    assert segment not in {".", ".."}
    ox.NamedNode(iri.ID_BASE + "system/x/" + segment)  # pyoxigraph validates the IRI


@given(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12))
def test_slug_merges_only_whitespace_and_nfc_variants(a: str, b: str) -> None:
    def norm(text: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFC", text) if not ch.isspace())

    if not norm(a) or not norm(b):
        return
    assert (iri.slug(a) == iri.slug(b)) == (norm(a) == norm(b))
