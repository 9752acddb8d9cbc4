"""Evaluation cycles: where a plan stands (status.py, kpi.py), what changed between two plans
(diff.py), and their views (table, HTML, XLSX). Domain modules here do no I/O."""
