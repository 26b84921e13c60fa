"""Building DataFrames from the few hundred Python values one report yields, quickly.

pandas infers a "str" column by converting to pyarrow, ~60 µs a column; a report's cells and
findings frames have a dozen such columns and are built for every report of a batch. A "str"
column with Python storage is built 4x faster, has the same dtype name, compares and concatenates
like the pyarrow one, and converts for free to the object arrays the audit reads.

The general constructors cost more than the data on frames this small: `pd.array` spends ~10 µs
working out what to build before the array class does the work, and `pd.DataFrame(dict)` ~50 µs
inferring the column labels' dtype (through pyarrow) and each column's kind. So the arrays are made
by their class (the extension-array constructor) and the frame from a cached column index.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

STR = pd.StringDtype("python", na_value=np.nan)
_STR_ARRAY = STR.construct_array_type()


def strings(values: Sequence[str]) -> pd.api.extensions.ExtensionArray:
    """A "str" column from Python strings."""
    return _STR_ARRAY._from_sequence(values, dtype=STR)


def floats(values: Sequence[float]) -> np.ndarray:
    return np.fromiter(values, dtype=float, count=len(values))


@cache
def _columns(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(names)


def frame(columns: dict[str, Sequence[object]], numeric: Sequence[str] = ()) -> pd.DataFrame:
    """A DataFrame of "str" columns, except `numeric` ones (float) and ready-made arrays or Series
    (taken by position, with their dtype)."""
    arrays = [
        _array(values)
        if isinstance(values, (np.ndarray, pd.api.extensions.ExtensionArray, pd.Series))
        else floats(values)
        if name in numeric
        else strings(values)
        for name, values in columns.items()
    ]
    rows = len(arrays[0]) if arrays else 0
    if any(len(a) != rows or a.ndim != 1 for a in arrays):
        raise ValueError(f"columns of unequal length: { {k: len(v) for k, v in columns.items()} }")
    # one-dimensional arrays of one length, built above: nothing for pandas to check or convert
    return pd.DataFrame._from_arrays(
        arrays, columns=_columns(tuple(columns)), index=pd.RangeIndex(rows), verify_integrity=False
    )


def _array(values: np.ndarray | pd.api.extensions.ExtensionArray | pd.Series):
    """A ready-made column as an array: a Series' own (extension) array, else its numpy values."""
    if not isinstance(values, pd.Series):
        return values
    if isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
        return values.array
    return values.to_numpy()


def text_columns(df: pd.DataFrame, names: Sequence[str]) -> list[np.ndarray]:
    """Text columns of `df` as read-only object arrays, missing values as "".

    `df[name].to_numpy(na_value="")` makes a Series, looks for missing values and copies the
    column: ~25 µs a column, more than the audit spends on most rules. The columns' own arrays are
    viewed instead (no Series, no copy), searched for missing values in one pass, and copied only
    to fill one.
    """
    columns = [df._get_column_array(df.columns.get_loc(n)) for n in names]
    out = [np.asarray(c, dtype=object) for c in columns]
    if not out:
        return out
    every = np.concatenate(out)
    # a STR column holds str or NaN, and only NaN differs from itself: 4x quicker than pd.isna
    missing = every != every if all(c.dtype == STR for c in columns) else pd.isna(every)
    if missing.any():
        out = [np.where(pd.isna(values), "", values) for values in out]
    return [_read_only(values) for values in out]


def float_column(df: pd.DataFrame, name: str) -> np.ndarray:
    """A number column as a read-only float array, missing values NaN (a view when it is one)."""
    values = df._get_column_array(df.columns.get_loc(name))
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        return _read_only(values)
    return _read_only(df[name].to_numpy(dtype=float, na_value=np.nan))


def _read_only(values: np.ndarray) -> np.ndarray:
    """A view that cannot write into the frame it came from (the frame itself stays writable)."""
    view = values.view()
    view.flags.writeable = False
    return view
