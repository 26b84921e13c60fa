"""Running many reports: the batch (read and audit, then a notebook page per report, an overview,
an index), the notebooks' kernels, the output folder's state and lock."""
