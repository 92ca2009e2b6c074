"""The ``lexdesk import`` and ``lexdesk report collection`` commands: bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexdesk.cli import main

ACCOUNTS = (
    "account,full_name,address,category,meter,norm_monthly_charge\n"
    "100,Ветлов Олег Юрьевич,г. Светлоград,household,smart,1000\n"
)
HUGE = "99999999999999999999999999.00"
PAYMENTS = f"account,paid_on,amount,channel\n100,2021-07-01,{HUGE},voluntary\n"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data directory with one account."""
    folder = tmp_path / "home"
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(ACCOUNTS, encoding="utf-8")
    assert main(["--home", str(folder), "import", "accounts", str(accounts)]) == 0
    return folder


@pytest.mark.parametrize(
    ("kind", "text", "column"),
    [
        ("payments", PAYMENTS, "amount"),
        ("charges", f"account,period,amount\n100,2021-07,{HUGE}\n", "amount"),
    ],
    ids=["payments", "charges"],
)  # fmt: skip
def test_import_huge_amount_is_a_row_error_with_exit_3(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    text: str,
    column: str,
) -> None:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()

    status = main(["--home", str(home), "import", kind, str(path)])

    out = capsys.readouterr().out
    assert status == 3
    assert out.splitlines() == [
        f"{kind}.csv ({kind}): НЕ загружен: ошибки в строках; ошибок 1",
        f"  {kind}.csv:2: [{column}] «{HUGE}» — слишком большая сумма: допустимо "
        "не более 1 000 000 000 000 руб. по модулю",
    ]


def test_import_koi8_accounts_are_read_as_russian(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "accounts-koi8.csv"
    path.write_bytes(
        (
            "account;full_name;address;category;meter;norm_monthly_charge\n"
            "300;Федотова Анна Ивановна;г. Светлоград;household;smart;900\n"
        ).encode("koi8-r")
    )
    capsys.readouterr()

    status = main(["--home", str(home), "import", "accounts", str(path), "--json"])

    out = capsys.readouterr().out
    assert status == 0
    assert '"encoding": "koi8-r"' in out
    assert '"written": 1' in out


@pytest.mark.parametrize(
    ("month", "to", "message"),
    [
        ("9999-12", None, "Месяц «9999-12» вне допустимого диапазона: от 1990-01 до 2100-12."),
        ("0001-01", None, "Месяц «0001-01» вне допустимого диапазона: от 1990-01 до 2100-12."),
        ("2021-07", "2101-01", "Месяц «2101-01» вне допустимого диапазона: от 1990-01 до 2100-12."),
        ("2021-13", None, "Неверный месяц «2021-13»: ожидается ГГГГ-ММ, например 2021-07."),
    ],
    ids=["year-9999", "year-1", "to-2101", "month-13"],
)  # fmt: skip
@pytest.mark.parametrize("report", ["collection", "restriction"])
def test_report_month_outside_the_span_is_a_usage_error(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    report: str,
    month: str,
    to: str | None,
    message: str,
) -> None:
    capsys.readouterr()
    extra = ["--to", to] if to else []

    status = main(["--home", str(home), "report", report, "--month", month, *extra])

    assert status == 2
    assert capsys.readouterr().err == f"lexdesk: {message}\n"


@pytest.mark.parametrize(
    ("option", "target", "reason"),
    [
        ("--xlsx", "/nonexistent/dir/r.xlsx", "нет такой папки"),
        ("--docx", "/proc/version", "файл не принимает запись (ошибка ввода-вывода)"),
        ("--xlsx", "{tmp}", "это папка, а не файл"),
    ],
    ids=["no-folder", "proc-file", "a-folder"],
)
@pytest.mark.parametrize("report", ["collection", "restriction"])
def test_report_to_an_unwritable_path_is_one_line_and_exit_1(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    report: str,
    option: str,
    target: str,
    reason: str,
) -> None:
    path = target.format(tmp=tmp_path)
    capsys.readouterr()

    status = main(
        ["--home", str(home), "report", report, "--month", "2021-07", option, path]
    )

    assert status == 1
    assert capsys.readouterr().err == (
        f"lexdesk: Не удалось записать файл {path}: {reason}.\n"
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("9999-12-31", "дата 9999-12-31 вне допустимого диапазона: с 01.01.1990 по 31.12.2100"),
        ("0001-01-01", "дата 0001-01-01 вне допустимого диапазона: с 01.01.1990 по 31.12.2100"),
        ("31.07.2021", "неверная дата «31.07.2021»: ожидается ГГГГ-ММ-ДД, например 2021-07-15"),
    ],
    ids=["year-9999", "year-1", "russian-form"],
)  # fmt: skip
@pytest.mark.parametrize("step", ["candidates", "queue", "orders"])
def test_restriction_date_outside_the_span_is_a_usage_error(
    home: Path, capsys: pytest.CaptureFixture[str], step: str, day: str, message: str
) -> None:
    capsys.readouterr()

    with pytest.raises(SystemExit) as exited:
        main(["--home", str(home), "restriction", step, "--on", day])

    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"lexdesk restriction {step}: error: argument --on: {message}"
    )


def test_restriction_orders_into_an_unwritable_drop_is_exit_1(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    balances = tmp_path / "balances.csv"
    balances.write_text(
        "account,as_of,debt,overdue_debt\n100,2021-06-30,9000,8000\n", encoding="utf-8"
    )
    events = tmp_path / "events.csv"
    events.write_text(
        "account,date,event,amount\n"
        "100,2021-06-01,notice_sent,8000\n"
        "100,2021-06-02,notice_delivered,\n",
        encoding="utf-8",
    )
    for kind, path in (("balances", balances), ("events", events)):
        assert main(["--home", str(home), "import", kind, str(path)]) == 0
    capsys.readouterr()
    drop = "/proc/lexdesk-drop"

    status = main(
        ["--home", str(home), "restriction", "orders", "--on", "2021-07-15", "--drop", drop]
    )  # fmt: skip

    assert status == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"lexdesk: Не удалось записать в папку {drop}: нет такой папки."
    )
