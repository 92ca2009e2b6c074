"""The «Взыскание» page: the collection report with charts, debtors, uploads.

The page talks to the API only (``/reports/collection``, ``/debtors``,
``/registries/{kind}``) through the signed-in :class:`~ui.client.LexdeskClient`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import streamlit as st

from ui.client import ApiError, LexdeskClient

# Registry kinds and their Russian names for the upload form.
REGISTRY_KINDS = {
    "accounts": "абоненты (accounts)",
    "balances": "сальдо (balances)",
    "charges": "начисления (charges)",
    "payments": "оплаты (payments)",
    "events": "события (events)",
}
# The chart's series: figure key → legend label.
CHART_SERIES = {
    "claimed": "Заявлено в суд, руб.",
    "awarded": "Присуждено, руб.",
    "collected": "Поступило, руб.",
}
# Months shown in the charts, ending with the chosen month.
CHART_MONTHS = 12
DEBTORS_PER_PAGE = 50


def render(client: LexdeskClient) -> None:
    """Draw the page for a signed-in user."""
    st.title("Взыскание задолженности")
    month = st.text_input("Месяц отчёта (ГГГГ-ММ)", value=default_month(client))
    try:
        report = fetch_report(
            client, first=_months_back(month, CHART_MONTHS - 1), last=month
        )
    except (ApiError, ValueError) as error:
        st.error(getattr(error, "user_message", "Неверный месяц: ожидается ГГГГ-ММ."))
        return
    show_report(report)
    show_downloads(client, month)
    show_debtors(client)
    show_upload(client)


def default_month(client: LexdeskClient) -> str:
    """The last month with registry data (GET /reports/range), else the last month.

    The registries lag behind the calendar (a billing export arrives after the
    month closes; the samples end in 2021), so the calendar's previous month
    would show only zeros.
    """
    try:
        months: dict[str, Any] = client._get("/reports/range")
    except ApiError:
        months = {}
    last = months.get("last")
    if isinstance(last, str) and last:
        return last
    previous = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    return f"{previous.year:04d}-{previous.month:02d}"


def _months_back(month: str, count: int) -> str:
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def fetch_report(client: LexdeskClient, *, first: str, last: str) -> dict[str, Any]:
    """GET /reports/collection for a range of months (JSON)."""
    body: dict[str, Any] = client._get(
        "/reports/collection", params=[("month", first), ("to", last)]
    )
    return body


def show_report(report: dict[str, Any]) -> None:
    """The last month's summary and figures, and the charts over the range."""
    months = report["months"]
    current = months[-1]
    st.subheader(f"Итоги за {current['month']}")
    st.write(current["summary"])
    figures = {figure["key"]: figure for figure in current["figures"]}
    left, middle, right = st.columns(3)
    left.metric("Обращений в суд", format_figure(figures["cases_filed"]))
    middle.metric("Поступило, руб.", format_figure(figures["collected"]))
    right.metric("Предупреждений", format_figure(figures["notices_sent"]))
    st.dataframe(
        [
            {
                "Показатель": f["label"],
                "Значение": format_figure(f),
                "Строк реестра": format_number(f["rows"]),
            }
            for f in current["figures"]
        ],
        hide_index=True,
        width="stretch",
    )
    st.subheader("По месяцам")
    series = {
        label: [float(_figure(m, key)) for m in months]
        for key, label in CHART_SERIES.items()
    }
    index = [m["month"] for m in months]
    st.bar_chart(_frame(series, index), x="Месяц", y=list(series), stack=False)
    overdue = {
        "Просроченный долг на конец месяца, руб.": [
            float(_figure(m, "overdue_end")) for m in months
        ]
    }
    st.line_chart(_frame(overdue, index), x="Месяц", y=list(overdue))


def _figure(month: dict[str, Any], key: str) -> Decimal:
    for figure in month["figures"]:
        if figure["key"] == key:
            return Decimal(str(figure["value"]))
    raise KeyError(key)


def _frame(series: dict[str, list[float]], index: list[str]) -> dict[str, list[Any]]:
    """Chart data with the months as the x column."""
    return {"Месяц": list(index), **series}


def format_figure(figure: dict[str, Any]) -> str:
    """A report figure as text in Russian style, by its unit.

    Counts «12 345», roubles «12 345,67», percentages «88 %» (a fraction kept
    only when there is one: «87,5 %»). Every value of a table column is text,
    so a column never mixes numbers and strings.
    """
    value = Decimal(str(figure["value"]))
    if figure.get("unit") == "rub":
        return format_money(value)
    if figure.get("unit") == "percent":
        return f"{format_number(value)}\u00a0%"
    return format_number(value)


def format_money(value: str | Decimal) -> str:
    """Roubles with kopecks: «12 345,67» (no-break spaces between thousands)."""
    return _russian(f"{Decimal(value):,.2f}")


def format_number(value: int | Decimal) -> str:
    """A number without trailing zeros: «12 345», «87,5», «0»."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return _russian(f"{number:,.0f}")
    return _russian(f"{number.normalize():,f}")


def _russian(text: str) -> str:
    """«12,345.67» → «12 345,67»: no-break spaces between thousands, a comma."""
    return text.replace(",", "\u00a0").replace(".", ",")


def show_downloads(client: LexdeskClient, month: str) -> None:
    """Buttons that download the month's report as XLSX and DOCX."""
    left, right = st.columns(2)
    for column, report_format, label in (
        (left, "xlsx", "Скачать отчёт (XLSX)"),
        (right, "docx", "Скачать отчёт (DOCX)"),
    ):
        response = client._http.get(
            "/reports/collection",
            params={"month": month, "format": report_format},
            headers=client._headers(),
        )
        if response.is_success:
            column.download_button(
                label,
                data=response.content,
                file_name=f"collection-{month}.{report_format}",
            )


def show_debtors(client: LexdeskClient) -> None:
    """The debtors with the largest overdue debt, their stage and next action."""
    st.subheader("Должники")
    try:
        body = client._get("/debtors", params=[("limit", str(DEBTORS_PER_PAGE))])
    except ApiError as error:
        st.error(error.user_message)
        return
    st.caption(f"Всего лицевых счетов: {body['total']}; данные на {body['as_of']}")
    st.dataframe(
        [
            {
                "Лицевой счёт": d["account"],
                "Должник": d["full_name"],
                "Просрочено, руб.": format_money(d["overdue_debt"]),
                "Стадия": d["stage_label"],
                "Следующее действие": (d["next_action"] or {}).get("action", "—"),
                "Срок": (d["next_action"] or {}).get("deadline", "—"),
            }
            for d in body["debtors"]
        ],
        hide_index=True,
        width="stretch",
    )


def show_upload(client: LexdeskClient) -> None:
    """Upload a registry file (managers)."""
    st.subheader("Загрузка реестра")
    with st.form("registry_upload"):
        kind = st.selectbox(
            "Реестр", list(REGISTRY_KINDS), format_func=REGISTRY_KINDS.__getitem__
        )
        upload = st.file_uploader("Файл CSV или XLSX", type=["csv", "xlsx", "txt"])
        submitted = st.form_submit_button("Загрузить", type="primary")
    if not submitted or upload is None:
        return
    response = client._http.post(
        f"/registries/{kind}",
        files={"file": (upload.name, upload.getvalue())},
        headers=client._headers(),
    )
    body = response.json()
    if response.status_code == 200:
        st.success(
            f"{body['file']}: строк {body['rows']}, записано {body['written']}, "
            f"уже были {body['skipped']} ({body['status']})."
        )
    elif response.status_code == 422 and "errors" in body:
        st.error(f"{body['file']} не загружен: ошибок {body['error_count']}.")
        st.dataframe(body["errors"], hide_index=True, width="stretch")
    else:
        st.error(body.get("detail", "Не удалось загрузить файл."))
