"""Load benchmark of Kiezportal: ``make bench`` runs bench/run.py (see bench/README.md)."""
