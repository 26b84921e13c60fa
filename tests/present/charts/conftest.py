"""Chart tests: the data/ reports they draw, and no open figure left behind (matplotlib keeps
them until closed)."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import DATA

import govkit
from govkit.report import stack_cells

THREE = ("2020_ninghe_zaojiachengzhen.html", "2023_pingtan.txt", "2024_shanghai_kewei.md")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def reports():
    """Three reports of three agencies, one year each: 宁河 2020, 平潭 2023, 上海市科委 2024."""
    return [govkit.read_report(DATA / n) for n in THREE]


@pytest.fixture(scope="module")
def cells(reports):
    return pd.concat([stack_cells(r) for r in reports], ignore_index=True)
