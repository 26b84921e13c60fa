"""govkit.charts: the charts of govkit.present.charts, where notebooks and users import them from."""

from govkit.present.charts import *  # noqa: F403
from govkit.present.charts import __all__  # noqa: F401
