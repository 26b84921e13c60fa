"""govkit.frames: "str" columns with Python storage that behave like pandas' default ones."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govkit import frames


def test_strings_are_str_columns_with_nan_for_missing():
    arr = frames.strings(["申请", "", "总计"])
    assert arr.dtype == frames.STR and arr.dtype.name == pd.Series(["a"], dtype="str").dtype.name
    assert list(arr) == ["申请", "", "总计"]
    assert pd.isna(frames.strings(["a", None])[1])


def test_floats_from_any_sequence():
    out = frames.floats((1, 2.5, float("nan")))
    assert out.dtype == float and out[:2].tolist() == [1.0, 2.5] and np.isnan(out[2])
    assert frames.floats([]).shape == (0,)


def test_frame_types_each_column():
    ready = pd.array([1, None], dtype="Int64")
    df = frames.frame(
        {"table": ["requests", "active"], "value": [1, 2], "year": ready}, numeric=("value",)
    )
    assert list(df.columns) == ["table", "value", "year"]
    assert df["table"].dtype == frames.STR
    assert df["value"].dtype == float and df["value"].tolist() == [1.0, 2.0]
    assert df["year"].dtype == "Int64" and pd.isna(df["year"][1])
    # a column not named numeric stays text even when it holds digits
    assert frames.frame({"raw": ["1", "2"]})["raw"].tolist() == ["1", "2"]


def test_frame_compares_and_concatenates_like_default_str_columns():
    ours = frames.frame({"col": ["总计", "自然人"]})
    theirs = pd.DataFrame({"col": pd.Series(["总计", "其他"], dtype="str")})
    assert (ours["col"] == theirs["col"]).tolist() == [True, False]
    both = pd.concat([ours, theirs], ignore_index=True)
    assert both["col"].dtype.name == theirs["col"].dtype.name
    assert both["col"].tolist() == ["总计", "自然人", "总计", "其他"]
    assert ours["col"].to_numpy(dtype=object).tolist() == ["总计", "自然人"]


def test_empty_frame_keeps_its_columns():
    df = frames.frame({"a": [], "b": []}, numeric=("b",))
    assert df.empty and list(df.columns) == ["a", "b"] and df["b"].dtype == float
