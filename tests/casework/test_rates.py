"""Tests for casework.rates: the packaged tables and their validation."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from casework.rates import DATA_DIR, Court, load_tables
from lexdesk.errors import DataError, UserInputError


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        pytest.param(date(2016, 1, 1), "11.00", id="first-day-of-table"),
        pytest.param(date(2020, 7, 27), "4.25", id="july-2020-cut"),
        pytest.param(date(2021, 3, 21), "4.25", id="day-before-march-2021-rise"),
        pytest.param(date(2021, 3, 22), "4.50", id="march-2021-rise"),
        pytest.param(date(2022, 2, 27), "9.50", id="rate-of-27-02-2022"),
        pytest.param(date(2022, 2, 28), "20.00", id="emergency-rise"),
        pytest.param(date(2024, 10, 28), "21.00", id="peak"),
        pytest.param(date(2025, 12, 22), "16.00", id="december-2025"),
        pytest.param(date(2026, 2, 16), "15.50", id="last-verified-row"),
    ],
)
def test_key_rate_on_returns_rate_in_force(day: date, rate: str) -> None:
    assert load_tables().key_rate_on(day).rate == Decimal(rate)


def test_key_rate_on_before_table_is_user_error() -> None:
    with pytest.raises(UserInputError) as caught:
        load_tables().key_rate_on(date(2015, 12, 31))
    assert "01.01.2016" in caught.value.user_message


def test_key_rate_rows_after_february_2026_are_marked_unverified() -> None:
    tables = load_tables()
    assert tables.key_rate_on(date(2026, 2, 16)).verified is True
    assert tables.key_rate_on(date(2026, 12, 4)).verified is False


@pytest.mark.parametrize(
    ("day", "cap", "act"),
    [
        pytest.param(date(2022, 2, 27), None, None, id="before-474"),
        pytest.param(date(2022, 2, 28), "9.50", "№ 474", id="first-day-474"),
        pytest.param(date(2023, 6, 1), "9.50", "№ 2479", id="2023"),
        pytest.param(date(2024, 6, 1), "9.50", "№ 2382", id="2024"),
        pytest.param(date(2026, 12, 31), "9.50", "№ 329", id="last-day-329"),
        pytest.param(date(2027, 1, 1), None, None, id="after-329"),
    ],
)
def test_cap_on_follows_decree_windows(
    day: date, cap: str | None, act: str | None
) -> None:
    found = load_tables().cap_on(day)
    if cap is None:
        assert found is None
    else:
        assert found is not None
        assert act is not None
        assert (found.cap, act in found.act) == (Decimal(cap), True)


@pytest.mark.parametrize(
    ("period", "due"),
    [
        pytest.param(date(2021, 1, 1), date(2021, 2, 10), id="january-2021"),
        pytest.param(date(2025, 12, 1), date(2026, 1, 10), id="december-rolls-year"),
        pytest.param(date(2026, 2, 1), date(2026, 3, 10), id="february-2026-old-rule"),
        pytest.param(date(2026, 3, 17), date(2026, 4, 15), id="march-2026-new-rule"),
    ],
)
def test_due_date_by_charge_period(period: date, due: date) -> None:
    assert load_tables().due_date(period) == due


def test_moratoria_defaults_424_on_and_497_off() -> None:
    flags = {m.act: m.default_on for m in load_tables().moratoria}
    assert flags == {
        "ПП РФ от 02.04.2020 № 424": True,
        "ПП РФ от 28.03.2022 № 497": False,
    }


def test_duty_scales_split_on_9_september_2024() -> None:
    tables = load_tables()
    old = tables.bands(Court.GENERAL, date(2024, 9, 8))
    new = tables.bands(Court.GENERAL, date(2024, 9, 9))
    assert [b.band_to for b in old][:2] == [Decimal(20000), Decimal(100000)]
    assert [b.band_to for b in new][:2] == [Decimal(100000), Decimal(300000)]


def _copy_tables(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def test_load_tables_rejects_overlapping_key_rates(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    path = folder / "key_rates.csv"
    # The 2016-06-14 row now starts inside the 11 % row's range.
    path.write_text(
        path.read_text(encoding="utf-8").replace("2016-06-14,", "2016-06-10,", 1),
        encoding="utf-8",
    )
    with pytest.raises(
        DataError, match=r"key_rates\.csv: row from 2016-06-10 overlaps"
    ):
        load_tables(folder)


def test_load_tables_rejects_gap_in_key_rates(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    path = folder / "key_rates.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2016-06-14,", "2016-06-20,", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="leaves a gap"):
        load_tables(folder)


def test_load_tables_rejects_overlapping_caps(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    path = folder / "penalty_caps.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2023-01-01,", "2022-12-01,", 1),
        encoding="utf-8",
    )
    with pytest.raises(
        DataError, match=r"penalty_caps\.csv: row from 2022-12-01 overlaps"
    ):
        load_tables(folder)


def test_load_tables_rejects_malformed_rate_with_line_number(tmp_path: Path) -> None:
    folder = _copy_tables(tmp_path)
    path = folder / "key_rates.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",11.00,", ",eleven,", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"key_rates\.csv line 2") as caught:
        load_tables(folder)
    assert caught.value.user_message == "Ошибка в таблице key_rates.csv, строка 2"


def test_every_row_names_its_source() -> None:
    tables = load_tables()
    groups = (
        tables.key_rates,
        tables.caps,
        tables.moratoria,
        tables.due_dates,
        tables.duty_bands,
        tables.duty_offsets,
    )
    missing = [row for group in groups for row in group if not row.source.strip()]
    assert missing == []
