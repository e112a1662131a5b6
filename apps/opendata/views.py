"""Where the money went (/foerderung/mittel/): page with charts and tables, CSV, JSON and a
Frictionless data package. All public; the figures are in ``money.py``."""

import functools
import json
from collections import defaultdict
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from apps.core.exports import csv_bytes
from apps.core.links import absolute_url, path_of
from apps.core.money import euro
from apps.pages.context_processors import cached_site_settings
from apps.pages.models import SiteSettings

from . import charts, money

# Funded projects of one year on the money page, a page at a time.
PROJECTS_PER_PAGE = 50

CSV_FIELDS = [
    ("year", "integer", "Jahr (Bewilligung; beim Aktionsfonds das Fondsjahr)"),
    ("fund", "string", "Fonds: projektfonds, baufonds, netzwerkfonds oder aktionsfonds"),
    ("fund_name", "string", "Name des Fonds"),
    ("field_of_action", "string", "Handlungsfeld (Kurzname); leer, wenn keins angegeben ist"),
    ("field_of_action_name", "string", "Handlungsfeld"),
    ("granted_eur", "number", "Bewilligte Mittel in Euro"),
    ("paid_eur", "number", "Ausgezahlte Mittel in Euro; leer, wo die Auszahlungen nicht im Portal erfasst sind"),
    ("projects", "integer", "Zahl der Projekte"),
]


class YearForm(forms.Form):
    jahr = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [("", _("All years")), *[(year, str(year)) for year in years]]


def _licence(site=None) -> dict:
    site = site or SiteSettings.load()
    return {"name": site.open_data_licence_name, "path": site.open_data_licence_url}


def _licensed(response, licence: dict):
    response["Link"] = f'<{licence["path"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _by_year_chart(rows):
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        totals[row.year][row.fund] += row.granted
    columns = [
        (
            str(year),
            [(fund, money.FUNDS[fund], totals[year][fund]) for fund in money.FUND_ORDER if fund in totals[year]],
        )
        for year in sorted(totals)
    ]
    return charts.stacked_columns(columns), columns


def _by_field(rows):
    totals: dict[str, list] = {}
    for row in rows:
        entry = totals.setdefault(row.field_name, [row.field, Decimal("0.00"), 0])
        entry[1] += row.granted
        entry[2] += row.projects
    order = sorted(totals.items(), key=lambda item: (item[1][0] is None, item[1][0].order if item[1][0] else 0))
    return [(name, field, amount, count) for name, (field, amount, count) in order]


def _plain(value) -> str:
    """A number as the ``unlocalize`` filter writes it (SVG coordinates), without the filter."""
    if isinstance(value, float | int) and "e" not in repr(value):
        return str(value)
    return localize(value, use_l10n=False)


def _year_bars(year_chart, text):
    """The columns of the year chart as SVG (a segment per fund, the year below)."""
    plain, label_y = _plain, year_chart["label_y"]
    segment = (
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" stroke-width="1">'
        "<title>{}, {}: {}</title></rect>"
    )
    return format_html_join(
        "\n",
        '{}\n<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#333333">{}</text>',
        (
            (
                format_html_join("\n", segment, (
                    (plain(s.x), plain(s.y), plain(s.width), plain(s.height), s.colour, bar.label, s.label,
                     text(s.amount))
                    for s in bar.segments
                )),
                plain(bar.label_x), label_y, bar.label,
            )
            for bar in year_chart["bars"]
        ),
    )  # fmt: skip


def _row_table(rows, text, *, linked: bool):
    """The rows of the table of all figures (with a link to its year on the page of all years)."""
    missing = format_html(
        '<span title="{0}">–</span><span class="visually-hidden">{0}</span>', _("not recorded in the portal")
    )
    return format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}</td><td>{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
        '<td class="text-end">{}</td></tr>',
        ((format_html('<a href="?jahr={0}">{0}</a>', row.year) if linked else row.year, row.fund_name,
          row.field_name, text(row.granted), missing if row.paid is None else text(row.paid), row.projects)
         for row in rows),
    )  # fmt: skip


def _tables(rows, year, fields, year_chart, year_columns, field_chart) -> dict:
    """The charts and tables as tuples of finished strings: the template only places them (a
    filter or an attribute lookup per cell cost more than the rest of the page)."""
    text = functools.cache(euro)  # the same amount stands in a chart and its table
    plain = _plain
    head, _marker, tail = reverse("actionplan:field_detail", kwargs={"slug": "slug"}).rpartition("slug")
    field_url = {field.pk: f"{head}{field.slug}{tail}" for _name, field, _amount, _count in fields if field}
    return {
        "ticks": [(plain(tick["y"]), tick["label"]) for tick in year_chart["ticks"]],
        "year_bars": _year_bars(year_chart, text),
        "year_table": [(label, name, text(amount)) for label, parts in year_columns for _key, name, amount in parts],
        "field_bars": [
            (bar["label"], plain(bar["y"]), plain(bar["width"]), plain(bar["text_y"]), plain(bar["value_x"]),
             text(bar["amount"]))
            for bar in field_chart["bars"]
        ],
        "field_table": [(name, field_url.get(field.pk) if field else None, text(amount), count)
                        for name, field, amount, count in fields],
        "row_table": _row_table(rows, text, linked=year is None),
    }  # fmt: skip


@login_not_required
@require_safe
def money_overview(request):
    """Granted and paid money per year, fund and field of action, as charts and tables, with the
    funded projects of a chosen year. Public."""
    all_rows = money.rows()  # a few hundred kept sums (money.py): cheaper to read than to keep
    years = sorted({row.year for row in all_rows}, reverse=True)
    form = YearForm(request.GET or None, years=years)
    year = form.cleaned_data["jahr"] if form.is_valid() else None
    rows = all_rows if year is None else [row for row in all_rows if row.year == year]
    year_chart, year_columns = _by_year_chart(all_rows)
    fields = _by_field(rows)
    field_chart = charts.horizontal_bars([(name, amount) for name, _field, amount, _count in fields])
    projects, page_obj = [], None
    if year is not None:
        # A page at a time: a year's list grows with the data (PROJECTS_PER_PAGE). The rows count
        # the year's projects already: no COUNT query.
        paginator = Paginator(
            money.funded_in(year)
            .order_by("call__fund__kind", "field_of_action__order", "title", "pk")
            .values_list("pk", "title", "call__fund__name", "field_of_action__name", "requested_amount"),
            PROJECTS_PER_PAGE,
        )  # fmt: skip
        paginator.count = sum(row.projects for row in rows if row.fund != money.ACTION_FUND)
        page_obj = paginator.get_page(request.GET.get("page"))
        projects = list(page_obj.object_list)
        detail = path_of("funding:project_detail")  # one reverse() for the page's fifty links
        projects = [(detail(pk), title, fund, field or "", euro(amount)) for pk, title, fund, field, amount in projects]
    context = {
        "form": form,
        "year": year,
        "years": years,
        "rows": rows,
        "granted_total": money.total(rows, "granted"),
        "paid_total": money.total([row for row in rows if row.paid is not None], "paid"),
        "projects_total": sum(row.projects for row in rows),
        "year_chart": year_chart,
        "fund_legend": [(money.FUNDS[key], charts.FUND_COLOURS[key]) for key in money.FUND_ORDER
                        if any(row.fund == key for row in all_rows)],
        "field_chart": field_chart,
        "projects": projects,
        "page_obj": page_obj,
        "action_fund_projects": sum(row.projects for row in rows if row.fund == money.ACTION_FUND),
        "licence": _licence(cached_site_settings()),  # the layout's copy (read only)
        "action_fund_url": reverse("actionfund:index"),
        **_tables(rows, year, fields, year_chart, year_columns, field_chart),
    }  # fmt: skip
    return render(request, "opendata/money.html", context)


def _records(rows) -> list[dict]:
    return [
        {
            "year": row.year,
            "fund": row.fund,
            "fund_name": row.fund_name,
            "field_of_action": row.field.slug if row.field else "",
            "field_of_action_name": row.field_name if row.field else "",
            "granted_eur": row.granted,
            "paid_eur": row.paid,
            "projects": row.projects,
        }
        for row in rows
    ]


@login_not_required
@require_safe
def money_csv(request):
    """The figures as CSV (semicolon-separated UTF-8 with BOM, amounts with a decimal point). Public."""
    records = _records(money.rows())
    data = csv_bytes([[name for name, _type, _doc in CSV_FIELDS], *[list(r.values()) for r in records]])
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mittel.csv"'
    return _licensed(response, _licence())


@login_not_required
@require_safe
def money_json(request):
    """The figures as JSON (amounts as decimal strings, exact), with licence and source. Public."""
    licence = _licence()
    data = {
        "title": "Wohin das Geld ging: bewilligte und ausgezahlte Mittel je Jahr, Fonds und Handlungsfeld",
        "source": absolute_url(reverse("money:overview")),
        "license": licence,
        "currency": "EUR",
        "notes": "Projektfonds und Baufonds: Auszahlungen sind im Portal nicht erfasst (paid_eur = null).",
        "data": [
            {
                **r,
                "granted_eur": str(r["granted_eur"]),
                "paid_eur": None if r["paid_eur"] is None else str(r["paid_eur"]),
            }
            for r in _records(money.rows())
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _licensed(response, licence)


@login_not_required
@require_safe
def datapackage(request):
    """A Frictionless Data package descriptor (datapackage.json) for the CSV and JSON files. Public."""
    licence = _licence()
    site = SiteSettings.load()
    descriptor = {
        "name": "wohin-das-geld-ging",
        "title": f"Wohin das Geld ging – {site.area_name}",
        "description": (
            "Bewilligte und ausgezahlte Fördermittel im Quartiersmanagement-Gebiet je Jahr, Fonds "
            "(Projektfonds, Baufonds, Aktionsfonds) und Handlungsfeld, mit der Zahl der Projekte. "
            "Nur öffentliche, bewilligte Förderungen."
        ),
        "homepage": absolute_url(reverse("money:overview")),
        "licenses": [{"name": "dl-de-by-2.0" if "by-2-0" in licence["path"] else "other",
                      "path": licence["path"], "title": licence["name"]}],
        "resources": [
            {
                "name": "mittel",
                "path": absolute_url(reverse("money:csv")),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ";", "header": True},
                "schema": {
                    "fields": [{"name": name, "type": kind, "description": doc} for name, kind, doc in CSV_FIELDS],
                    "primaryKey": ["year", "fund", "field_of_action"],
                    "missingValues": [""],
                },
            },
            {
                "name": "mittel-json",
                "path": absolute_url(reverse("money:json")),
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            },
        ],
    }  # fmt: skip
    response = HttpResponse(json.dumps(descriptor, ensure_ascii=False, indent=1), content_type="application/json")
    return _licensed(response, licence)
