from tests.access import PUBLIC, Case, logged_in

from .factories import NewsPostFactory, PageFactory

CASES = [
    Case("pages:home", PUBLIC),
    Case("pages:my_area", logged_in()),
    Case("pages:page_detail", PUBLIC, kwargs=lambda: {"slug": PageFactory().slug}),
    Case("pages:news_list", PUBLIC),
    Case("pages:news_feed", PUBLIC),
    Case("pages:news_detail", PUBLIC, kwargs=lambda: {"slug": NewsPostFactory().slug}),
    Case("healthz", PUBLIC),
    Case("pages:easy_read_index", PUBLIC),
    Case("pages:easy_read_page", PUBLIC, kwargs=lambda: {"slug": PageFactory(menu="easy").slug}),
    Case("pages:accessibility_statement", PUBLIC),
    Case("pages:accessibility_feedback", PUBLIC),
    Case("pages:accessibility_feedback_done", PUBLIC),
    Case("pages:sign_language", PUBLIC),
]
