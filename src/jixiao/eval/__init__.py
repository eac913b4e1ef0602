"""Golden-set evaluation: hand-made answers, domain-aware matching, per-field metrics and a baseline gate."""
