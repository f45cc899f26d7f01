"""Rate arithmetic, exact: a rate is numerator × 100 / denominator, never an average of rates."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd


def percent(numerator: int, denominator: int) -> Fraction | None:
    """numerator / denominator × 100, exactly; None when the denominator is 0."""
    return Fraction(numerator * 100, denominator) if denominator else None


def rate_values(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator × 100 / denominator per row, NA where the denominator is 0 or missing."""
    return (numerator * 100 / denominator).mask(denominator.fillna(0) == 0)


def exact(value: object) -> Fraction | None:
    """A number as written (95.2 stays 95.2, not its binary neighbour); None for NA."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return Fraction(Decimal(repr(float(value))))  # type: ignore[arg-type]
