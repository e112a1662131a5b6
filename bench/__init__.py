"""Load benchmark of Kiezportal: ``make bench`` runs bench/run.py (see "Performance" in README.md)."""
