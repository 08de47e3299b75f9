"""The ROI result's booking summary: what a booking from it shares, the band its NPV falls in and the
share of benefits measured against a baseline to the nearest 10 points, never the figures; and the
keys it writes, as the booking page states them (see :mod:`calculators.web.booking`).

>>> [npv_band(v) for v in (-5, 0, 99_999, 250_000, 750_000, 2e6, 7e6)]
['negative', '0-100k', '0-100k', '100k-500k', '500k-1m', '1m-5m', '5m+']
"""

from __future__ import annotations

from .booking import BookingKey
from .formatting import CURRENCIES, currency_of


#: The measured share travels to the booking page rounded to this many percentage points.
MEASURED_STEP = 10
#: Every value :func:`measured_band` can return (the booking page accepts only these).
MEASURED_BANDS = tuple(str(p) for p in range(0, 101, MEASURED_STEP))


def measured_band(share: float | None) -> str:
    """The measured share for the booking query, to the nearest 10 points; ``""`` when undefined.

    >>> measured_band(0.734), measured_band(1.0), measured_band(0.0), measured_band(None)
    ('70', '100', '0', '')
    """
    if share is None:
        return ""
    return str(MEASURED_STEP * round(100 * share / MEASURED_STEP))


def band_text(band: str, currency: str) -> str:
    """An NPV band for people.

    >>> band_text("100k-500k", "GBP"), band_text("negative", "EUR"), band_text("5m+", "USD")
    ('£100k to £500k', 'below zero', '$5m or more')
    """
    symbol = currency_of(currency).symbol
    if band == "negative":
        return "below zero"
    if band.endswith("+"):
        return f"{symbol}{band[:-1]} or more"
    low, high = band.split("-")
    return f"{symbol}{low} to {symbol}{high}"


#: The NPV bands below the top one, each with its (exclusive) upper limit.
NPV_BAND_LIMITS = ((1e5, "0-100k"), (5e5, "100k-500k"), (1e6, "500k-1m"), (5e6, "1m-5m"))
#: Every band :func:`npv_band` can return, lowest first (the booking page accepts only these).
NPV_BANDS = ("negative", *(band for _, band in NPV_BAND_LIMITS), "5m+")


def npv_band(npv: float) -> str:
    """The NPV as a coarse band for the booking query; never the figure itself.

    >>> [npv_band(v) for v in (-5, 0, 99_999, 250_000, 750_000, 2e6, 7e6)]
    ['negative', '0-100k', '0-100k', '100k-500k', '500k-1m', '1m-5m', '5m+']
    """
    if npv < 0:
        return NPV_BANDS[0]
    for upper, band in NPV_BAND_LIMITS:
        if npv < upper:
            return band
    return NPV_BANDS[-1]


def booking(result: dict, currency: str) -> dict[str, str]:
    """What a booking from this result shares: the band the NPV falls in, the currency and the share of
    benefits measured against a baseline to the nearest 10 points (when defined), never the figures.

    >>> booking({"npv": 250000.0, "measured_share": 0.734}, "EUR")
    {'npv_band': '100k-500k', 'currency': 'EUR', 'measured': '70'}
    >>> booking({"npv": -1.0, "measured_share": None}, "GBP")
    {'npv_band': 'negative', 'currency': 'GBP'}
    """
    query = {"npv_band": npv_band(result["npv"]), "currency": currency_of(currency).code}
    measured = measured_band(result["measured_share"])
    if measured:
        query["measured"] = measured
    return query


def booking_keys() -> tuple[BookingKey, ...]:
    """The keys :func:`booking` writes, as the booking page states them: the band in the visitor's
    currency, and the measured share only beside a band.

    >>> band, currency, measured = booking_keys()
    >>> band.values["100k-500k"]["EUR"], currency.text, measured.text
    ('€100k to €500k', '', '{}% of benefits measured against a baseline')
    """
    return (
        BookingKey("npv_band", "ROI, net present value {}", by="currency",
                   values={band: {code: band_text(band, code) for code in CURRENCIES} for band in NPV_BANDS}),
        BookingKey("currency", values={code: code for code in CURRENCIES}, requires="npv_band"),
        BookingKey("measured", "{}% of benefits measured against a baseline", requires="npv_band",
                   pattern="|".join(str(share) for share in range(0, 101, MEASURED_STEP))),
    )
