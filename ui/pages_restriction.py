"""The «Ограничение» page: the ПП 354 queue, its deadlines and the monthly report.

Breaches of the procedure by the supplier come first — an overdue resumption
most of all, since a late resumption is the supplier's violation — then the
households whose next step is due, by date, the count at each stage, the
candidates to warn on the date, and the restriction report with charts over
twelve months and its XLSX/DOCX files. The page talks to the API only
(``/restriction/queue``, ``/restriction/candidates``, ``/reports/restriction``)
through the signed-in :class:`~ui.client.LexdeskClient`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import streamlit as st

from ui.client import ApiError, LexdeskClient

# The Russian number format and the default month are the collection page's.
from ui.pages_collection import (
    default_month,
    format_figure,
    format_money,
    format_number,
)

# Months shown in the charts, ending with the chosen month.
CHART_MONTHS = 12
# The report's chart series: figure key → legend label.
CHART_SERIES = {
    "warnings_sent": "Предупреждения",
    "cut_off": "Ограничено или отключено",
    "resumed": "Возобновлено",
}
# How many candidates the table shows.
CANDIDATES_SHOWN = 200
# Stage labels in the order of the procedure (the API's stage values).
STAGE_ORDER = (
    "awaiting_delivery",
    "awaiting_deadline",
    "barred",
    "restriction_due",
    "restricted",
    "suspension_due",
    "suspended",
    "resumption_due",
)


def render(client: LexdeskClient) -> None:
    """Draw the page for a signed-in user."""
    st.title("Ограничение режима потребления (ПП № 354)")
    left, right = st.columns(2)
    latest = default_month(client)
    on = left.date_input("Дата очереди", value=_month_end(latest), format="DD.MM.YYYY")
    month = right.text_input("Месяц отчёта (ГГГГ-ММ)", value=latest)
    try:
        queue = fetch_queue(client, on=on)
    except ApiError as error:
        st.error(error.user_message)
        return
    show_flags(queue)
    show_queue(queue)
    show_candidates(client, on=on)
    show_report(client, month)


def _month_end(month: str) -> dt.date:
    """The last day of ``YYYY-MM``, or today when that day is later."""
    year, number = (int(part) for part in month.split("-"))
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return min(following - dt.timedelta(days=1), dt.date.today())


def _months_back(month: str, count: int) -> str:
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _day(value: str | None) -> str:
    return dt.date.fromisoformat(value).strftime("%d.%m.%Y") if value else "—"


def fetch_queue(client: LexdeskClient, *, on: dt.date) -> dict[str, Any]:
    """GET /restriction/queue on a date."""
    body: dict[str, Any] = client._get(
        "/restriction/queue", params=[("on", on.isoformat())]
    )
    return body


def show_flags(queue: dict[str, Any]) -> None:
    """The supplier's breaches, overdue resumptions first, at the top."""
    flagged = queue["flagged"]
    overdue = [p for p in flagged if "resumption_overdue" in p["flags"]]
    if overdue:
        st.error(
            f"Просрочено возобновление подачи: {len(overdue)}. Возобновить "
            "немедленно — это нарушение п. 120 ПП № 354."
        )
    elif flagged:
        st.warning(f"Нарушения порядка в прошлом: {len(flagged)}.")
    else:
        st.success("Нарушений порядка ограничения нет.")
    if flagged:
        st.dataframe(
            [
                {
                    "Лицевой счёт": p["account"],
                    "Предупреждение": _day(p["warning_sent"]),
                    "Нарушение": "; ".join(p["flag_labels"]),
                    "Срок возобновления": _day(p["resumption_due"]),
                    "Возобновлено": _day(p["resumed_on"]),
                }
                for p in flagged
            ],
            hide_index=True,
            width="stretch",
        )


def show_queue(queue: dict[str, Any]) -> None:
    """The open procedures with their next step and its date, and stage counts."""
    st.subheader(f"Очередь на {_day(queue['as_of'])}")
    stages = queue["stages"]
    labels = {p["stage"]: p["stage_label"] for p in queue["due"]}
    columns = st.columns(4)
    for index, stage in enumerate(s for s in STAGE_ORDER if stages.get(s)):
        columns[index % 4].metric(labels.get(stage, stage), stages[stage])
    st.dataframe(
        [
            {
                "Лицевой счёт": p["account"],
                "Стадия": p["stage_label"],
                "Долг, руб.": format_money(p["debt"]),
                "Доставлено": _day(p["delivered_on"]),
                "Срок оплаты": _day(p["deadline"]),
                "Следующий шаг": (p["next_step"] or {}).get("action", "—"),
                "Дата": _day((p["next_step"] or {}).get("due")),
                "Прибор учёта": "интеллектуальный" if p["smart"] else "обычный",
            }
            for p in queue["due"]
        ],
        hide_index=True,
        width="stretch",
    )


def show_candidates(client: LexdeskClient, *, on: dt.date) -> None:
    """Households to warn on the date, with the rule that selected each."""
    st.subheader("Кого предупредить")
    try:
        chosen = client._get("/restriction/candidates", params=[("on", on.isoformat())])
    except ApiError as error:
        st.error(error.user_message)
        return
    st.caption(f"Отобрано: {len(chosen)}.")
    st.dataframe(
        [
            {
                "Лицевой счёт": c["account"],
                "Долг, руб.": format_money(c["debt"]),
                "Порог, руб.": format_money(c["threshold"]),
                "Основание": c["text"],
            }
            for c in chosen[:CANDIDATES_SHOWN]
        ],
        hide_index=True,
        width="stretch",
    )


def show_report(client: LexdeskClient, month: str) -> None:
    """The month's figures, charts over twelve months, and the files."""
    st.subheader("Отчёт")
    try:
        body = client._get(
            "/reports/restriction",
            params=[("month", _months_back(month, CHART_MONTHS - 1)), ("to", month)],
        )
    except (ApiError, ValueError) as error:
        st.error(getattr(error, "user_message", "Неверный месяц: ожидается ГГГГ-ММ."))
        return
    months = body["months"]
    current = months[-1]
    st.write(current["summary"])
    st.dataframe(
        [
            {
                "Показатель": f["label"],
                "Значение": format_figure(f),
                "Строк": format_number(f["rows"]),
            }
            for f in current["figures"]
        ],
        hide_index=True,
        width="stretch",
    )
    index = [m["month"] for m in months]
    series = {
        label: [float(_figure(m, key)) for m in months]
        for key, label in CHART_SERIES.items()
    }
    st.bar_chart({"Месяц": index, **series}, x="Месяц", y=list(series), stack=False)
    share = {
        "Доля ответивших, %": [float(_figure(m, "answered_share")) for m in months]
    }
    st.line_chart({"Месяц": index, **share}, x="Месяц", y=list(share))
    left, right = st.columns(2)
    for column, report_format, label in (
        (left, "xlsx", "Скачать отчёт (XLSX)"),
        (right, "docx", "Скачать отчёт (DOCX)"),
    ):
        response = client._http.get(
            "/reports/restriction",
            params={"month": month, "format": report_format},
            headers=client._headers(),
        )
        if response.is_success:
            column.download_button(
                label,
                data=response.content,
                file_name=f"restriction-{month}.{report_format}",
            )


def _figure(month: dict[str, Any], key: str) -> Decimal:
    for figure in month["figures"]:
        if figure["key"] == key:
            return Decimal(str(figure["value"]))
    raise KeyError(key)
