"""Home page box: the way to submit an idea or concern (no query)."""


def section(request) -> dict:
    return {"template": "ideas/_home.html"}
