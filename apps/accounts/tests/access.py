from tests.access import FORBIDDEN, Case, logged_in

CASES = [
    Case("accounts:my_data", logged_in()),
    Case("accounts:my_data_download", logged_in()),
    Case("accounts:account_delete", logged_in() | {"staff": FORBIDDEN}),
]
