"""What every app shares and nothing domain-specific: absolute links, the mail path, signed
links, files, money formatting, the audited status-change base. Domain apps import core;
core imports no domain app (tests/test_architecture.py)."""
