"""The ``lexdesk report restriction`` and ``lexdesk restriction …`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexdesk.cli import main

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[3] / "corpus_samples" / "registries"
SUPPLIER = {
    "name": "АО «Энергосбыт-Тест»",
    "address": "г. Тестовск, ул. Энергетиков, д. 1",
    "inn": "3100000001",
    "ogrn": "1023100000001",
    "bank_details": "р/с 40702810000000000001",
    "signer_position": "Начальник отдела",
    "signer_name": "П.П. Сидоров",
    "signer_authority": "доверенности № 12",
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the sample registries."""
    folder = tmp_path_factory.mktemp("lexdesk-home")
    assert main(["--home", str(folder), "import", "all", str(SAMPLES)]) == 0
    return folder


def test_report_restriction_json(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    status = main(
        ["--home", str(home), "report", "restriction", "--month", "2021-07", "--json"]
    )
    data = json.loads(capsys.readouterr().out)
    figures = {f["key"]: f["value"] for f in data["months"][0]["figures"]}

    assert status == 0
    assert (figures["warnings_sent"], figures["cut_off"]) == (96, 18)
    assert figures["cut_off_sum"] == "169378.10"
    assert data["months"][0]["summary"].startswith("Направлено 96 предупреждений")


def test_report_restriction_files(home: Path, tmp_path: Path) -> None:
    xlsx, docx = tmp_path / "r.xlsx", tmp_path / "r.docx"
    status = main(
        [
            "--home", str(home), "report", "restriction", "--month", "2021-06",
            "--to", "2021-07", "--xlsx", str(xlsx), "--docx", str(docx),
        ]
    )  # fmt: skip

    assert status == 0
    assert xlsx.read_bytes()[:2] == b"PK"
    assert docx.read_bytes()[:2] == b"PK"


def test_restriction_candidates_queue_warnings_orders(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--home", str(home), "restriction"]
    capsys.readouterr()
    assert main([*base, "candidates", "--on", "2021-08-31", "--json"]) == 0
    chosen = json.loads(capsys.readouterr().out)
    assert main([*base, "queue", "--on", "2021-08-31", "--json"]) == 0
    queue = json.loads(capsys.readouterr().out)
    supplier = tmp_path / "supplier.json"
    supplier.write_text(json.dumps(SUPPLIER, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "warnings"
    warned = main(
        [
            *base, "warnings", "--on", "2021-08-31", "--supplier", str(supplier),
            "--out", str(out), "--place", "г. Светлоград",
        ]
    )  # fmt: skip
    drop = tmp_path / "drop"
    assert main([*base, "orders", "--on", "2021-08-31", "--drop", str(drop)]) == 0
    capsys.readouterr()

    assert len(chosen) == 697
    assert chosen[0]["reason"] in {"selected", "selected_after_breach"}
    assert chosen[0]["text"].startswith("долг ")
    assert queue["stages"]["resumed"] > 0
    assert all(item["flags"] for item in queue["flagged"])
    assert warned == 0
    first = chosen[0]["account"]
    assert (out / f"предупреждение-{first}.docx").read_bytes()[:2] == b"PK"
    sms = (out / f"предупреждение-{first}.sms.txt").read_text(encoding="utf-8")
    assert sms.startswith(
        f"АО «Энергосбыт-Тест»: долг за электроэнергию по л/с {first}"
    )
    assert (
        (drop / "orders.csv")
        .read_text(encoding="utf-8")
        .startswith("order,account,command,due_on,power_limit_kw")
    )


def test_restriction_warnings_refuses_a_bad_supplier_file(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "supplier.json"
    bad.write_text('{"name": "x"}', encoding="utf-8")
    status = main(
        [
            "--home", str(home), "restriction", "warnings", "--supplier", str(bad),
            "--out", str(tmp_path / "w"),
        ]
    )  # fmt: skip

    assert status == 2
    assert "Файл реквизитов" in capsys.readouterr().err
