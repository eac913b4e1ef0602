"""jixiao (绩效): typed, checked, reviewable data from Chinese budget-performance documents."""

__version__ = "0.1.0"
