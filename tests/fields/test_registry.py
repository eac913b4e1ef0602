"""The registry describes the schema: every model field has one entry, every entry names a field, and the
form vocabulary's fields are the ones the registry links."""

from __future__ import annotations

from dataclasses import replace
from typing import get_args

import pytest

from jixiao.fields import DEFAULT
from jixiao.fields import Registry
from jixiao.fields import RegistryError
from jixiao.fields import field
from jixiao.fields import with_fields
from jixiao.fields.forms import FUND_ROW
from jixiao.schema import HeaderField
from jixiao.schema.values import FundField
from jixiao.schema.values import IndicatorField
from jixiao.tables.labels import FUND_VALUE_FIELDS
from jixiao.vocabulary import vocabulary


def test_every_field_of_every_described_model_has_exactly_one_entry() -> None:
    for record in DEFAULT.records:
        assert [f.name for f in record.fields if f.name in record.model.model_fields] == [
            f.name for f in record.fields
        ], record.name
        assert sorted(f.name for f in record.fields) == sorted(record.model.model_fields), record.name


def test_a_model_field_without_an_entry_is_an_error() -> None:
    without_reason = replace(FUND_ROW, entries=tuple(e for e in FUND_ROW.entries if e.name != "reason"))
    with pytest.raises(RegistryError, match=r"FundRow\.reason: a field of the model with no registry entry"):
        DEFAULT.with_records(without_reason)


def test_an_entry_that_names_no_field_is_an_error() -> None:
    audited = with_fields(FUND_ROW, field("audited", "审计数", export=True))
    with pytest.raises(
        RegistryError, match=r"FundRow\.audited: a registry entry that names no field of the model"
    ):
        DEFAULT.with_records(audited)


def test_two_columns_or_answer_fields_of_one_name_are_errors() -> None:
    twice = with_fields(FUND_ROW, field("rate_raw", "执行率（原文）", export="rate_reported"))
    with pytest.raises(RegistryError, match=r"funds\.rate_reported: more than one column of this name"):
        DEFAULT.with_records(twice)
    answer_twice = with_fields(FUND_ROW, field("rate_raw", "执行率（原文）", compare="text", answer="rate"))
    with pytest.raises(RegistryError, match=r"FundRow: answer field 'rate' given twice"):
        Registry((*(d for d in DEFAULT.drafts if d is not FUND_ROW), answer_twice))


def test_the_vocabulary_names_exactly_the_fields_the_registry_links() -> None:
    links = DEFAULT.vocabulary_links()
    assert set(links) == vocabulary().entries()
    record, target = links["indicator.target"]
    assert (record.name, target.name, target.label) == ("PerformanceIndicator", "target", "指标值")
    assert (links["fund.rate"][1].name, links["indicator.reason"][1].name) == (
        "rate_reported",
        "deviation_reason",
    )
    assert (links["statement.final"][0].name, links["identity.dept_name"][0].name) == (
        "FinalAccountLine",
        "Report",
    )


def test_the_column_fields_the_llm_and_the_readers_know_are_the_vocabulary_s() -> None:
    columns = {e.split(".")[1] for e in vocabulary().entries() if e.split(".")[0] in ("indicator", "fund")}
    assert set(get_args(HeaderField)) == columns | {"none"}
    assert set(get_args(FundField)) == {
        e.split(".")[1] for e in vocabulary().entries() if e.startswith("fund.")
    }
    assert set(get_args(IndicatorField)) == {
        e.split(".")[1] for e in vocabulary().entries() if e.startswith("indicator.")
    }
    assert set(FUND_VALUE_FIELDS) == set(get_args(FundField)) - {"label"}
