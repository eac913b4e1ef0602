"""Tidy tables from report JSON: JSONL, CSV, XLSX, Parquet, SQLite."""
