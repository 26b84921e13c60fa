"""Every chart test leaves no open figure behind (matplotlib keeps them until closed)."""

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
