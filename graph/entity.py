"""Entity resolution: the names an assessment gives to bodies, canonicalised so that they meet.

Assessments write the same company as ``株式会社X``, ``(株)X``, ``（株）X`` or ``㈱X``, with
full-width or half-width letters and with stray spaces. :func:`canonical_organisation_name` is the
one function that erases those differences before a name becomes an IRI
(:func:`graph.iri.organisation_iri` calls it), so that the same company named in two assessments
is one node. It applies extraction's own canonical spelling
(:func:`ingest.organisation.canonical_organisation`, small named rules, never blanket NFKC), so
both layers agree on what one company is.

The module also names a few closed word lists the mappers need to read what a name *is*:
placeholders that are no name at all (``未定``, ``（記載なし）``), the words a 別添1 diagram uses
for the data subjects (``住民``, ``本人`` …), and the suffixes of a department name (``課``,
``室`` …). They are general Japanese words of the form, not names of any one municipality.

>>> canonical_organisation_name("㈱ ミナト情報") == canonical_organisation_name("(株)ミナト情報")
True
>>> canonical_organisation_name("（株）ミナト情報")
'株式会社ミナト情報'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from ingest.organisation import LEGAL_FORMS, canonical_organisation
from ontology.lexicon import fold_brackets, remove_spaces

__all__ = [
    "COMPANY_TYPES",
    "DEPARTMENT_SUFFIXES",
    "ORGANISATION_SUFFIXES",
    "PLACEHOLDER_NAMES",
    "RESIDENT_WORDS",
    "canonical_organisation_name",
    "is_department_name",
    "is_organisation_name",
    "is_placeholder",
    "is_resident_word",
    "is_system_name",
    "split_names",
]

COMPANY_TYPES: Final[frozenset[str]] = frozenset(form for _, form in LEGAL_FORMS)
"""The legal-entity types written out (株式会社, 有限会社 …): the forms of
:data:`ingest.organisation.LEGAL_FORMS`."""


def _compose(text: str) -> str:
    """Unicode NFC: canonical composition only (か + ゛ → が; ① and ｶﾅ stay)."""
    return unicodedata.normalize("NFC", text)


def canonical_organisation_name(name: str) -> str:
    """The canonical spelling of an organisation's name, as an IRI and a label take it.

    Extraction's :func:`ingest.organisation.canonical_organisation` (legal forms written out in
    their place, widths and middle dots folded), then every space removed, as IRIs do.

    >>> canonical_organisation_name("ＮＴＴ　データ（株）")
    'NTTデータ株式会社'
    >>> canonical_organisation_name("日本年金機構")
    '日本年金機構'
    """
    return remove_spaces(canonical_organisation(name))


PLACEHOLDER_NAMES: Final = frozenset(
    {
        "未定",
        "なし",
        "無し",
        "記載なし",
        "該当なし",
        "非公開",
        "不明",
        "-",
        "－",
        "ー",
        "―",
        "‐",
        "—",
    }
)
"""Cell values that stand where a name would be but name nobody (compared after removing
spaces and the brackets around them: ``（記載なし）`` is ``記載なし``)."""


def is_placeholder(name: str) -> bool:
    """Whether ``name`` is blank or a placeholder such as ``未定`` or ``（記載なし）``.

    >>> is_placeholder("（記載なし）"), is_placeholder(" 未定 "), is_placeholder("日本年金機構")
    (True, True, False)
    """
    compact = fold_brackets(remove_spaces(_compose(name))).strip("()[]「」【】<>〈〉")
    return not compact or compact in PLACEHOLDER_NAMES


RESIDENT_WORDS: Final = frozenset(
    {
        "住民", "市民", "区民", "町民", "村民", "県民", "都民", "府民", "道民",
        "本人", "本人又は代理人", "申請者", "届出人", "届出者", "申告者",
        "納税者", "納税義務者", "被保険者", "受給者", "対象者",
    }
)  # fmt: skip
"""Words a 別添1 diagram uses for the people the data is about (compared without spaces and
without a trailing ``等``). They all become one node: the data-subject concept of
vocab/source-categories (本人又は本人の代理人), the same node as the 入手元 category."""


def is_resident_word(name: str) -> bool:
    """Whether ``name`` denotes the data subjects (住民, 本人, 申請者 …).

    >>> is_resident_word("住民等"), is_resident_word("市民 "), is_resident_word("市民税課")
    (True, True, False)
    """
    compact = remove_spaces(_compose(name))
    return compact in RESIDENT_WORDS or compact.removesuffix("等") in RESIDENT_WORDS


DEPARTMENT_SUFFIXES: Final = ("課", "室", "係", "班", "担当", "部", "局")
"""How the name of a department of the assessing body ends (市民税課, 情報システム部 …)."""


def is_department_name(name: str) -> bool:
    """Whether ``name`` reads as a department of a body (it ends with 課, 室, 係, 班, 担当, 部, 局).

    >>> is_department_name("市民税課"), is_department_name("日本年金機構")
    (True, False)
    """
    return remove_spaces(_compose(name)).endswith(DEPARTMENT_SUFFIXES)


ORGANISATION_SUFFIXES: Final = (
    "機構", "法人", "会社", "省", "庁", "機関", "協会", "組合", "連合会", "事業団", "公社", "団体",
)  # fmt: skip
"""How the name of a body ends (地方公共団体情報システム機構, 厚生労働省, 国税庁 …)."""


def is_organisation_name(name: str) -> bool:
    """Whether ``name`` reads as a body: it ends like one or holds a legal-entity type.

    >>> is_organisation_name("地方公共団体情報システム機構"), is_organisation_name("(株)ミナト")
    (True, True)
    >>> is_organisation_name("住民記録システム")
    False
    """
    compact = canonical_organisation_name(name)
    if compact.endswith(ORGANISATION_SUFFIXES):
        return True
    return any(entity_type in compact for entity_type in COMPANY_TYPES)


_SYSTEM_WORDS: Final = ("システム", "サーバ")


def is_system_name(name: str) -> bool:
    """Whether ``name`` names an information system: it contains システム or サーバ and is not
    the name of a body (地方公共団体情報システム機構 is an organisation).

    >>> is_system_name("住民記録システム"), is_system_name("基幹系ファイルサーバ")
    (True, True)
    >>> is_system_name("市民税課"), is_system_name("地方公共団体情報システム機構")
    (False, False)
    """
    compact = remove_spaces(_compose(name))
    return any(word in compact for word in _SYSTEM_WORDS) and not is_organisation_name(name)


_NAME_SEPARATORS: Final = re.compile(r"[、，,]")


def split_names(text: str) -> list[str]:
    """The names of a cell that lists several (``日本年金機構、厚生労働省``), placeholders dropped.

    Splits on the enumeration comma only: names themselves hold middle dots and parentheses.

    >>> split_names("日本年金機構、 厚生労働省，未定")
    ['日本年金機構', '厚生労働省']
    """
    names = [part.strip() for part in _NAME_SEPARATORS.split(text)]
    return [name for name in names if not is_placeholder(name)]
