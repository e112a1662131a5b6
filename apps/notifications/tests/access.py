from tests.access import PUBLIC, REDIRECT, Case, logged_in


def token():
    from apps.notifications.tokens import make_token

    return {"token": make_token("someone@example.org", ["news"])}


CASES = [
    Case("notifications:settings", logged_in()),
    Case("notifications:link", PUBLIC, kwargs=token),
    Case("notifications:link", dict.fromkeys(PUBLIC, 400), kwargs=lambda: {"token": "kaputt"}, label="link-invalid"),
    Case("notifications:one_click", dict.fromkeys(PUBLIC, REDIRECT), kwargs=token),
]
