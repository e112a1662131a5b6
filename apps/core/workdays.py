"""Working days in Berlin: Monday to Friday except the public holidays of the Land Berlin
(deadlines, meetings and jury rounds fall on working days)."""

from datetime import date, timedelta
from functools import cache


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def berlin_holidays(year: int) -> frozenset[date]:
    """The public holidays in Berlin: the nationwide ones plus International Women's Day (since 2019)."""
    easter = _easter(year)
    days = {
        date(year, 1, 1), date(year, 5, 1), date(year, 10, 3), date(year, 12, 25), date(year, 12, 26),
        easter - timedelta(days=2), easter + timedelta(days=1), easter + timedelta(days=39),
        easter + timedelta(days=50),
    }  # fmt: skip
    if year >= 2019:
        days.add(date(year, 3, 8))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in berlin_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the one before."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
