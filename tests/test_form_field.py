"""The project's form renderer (apps.core.forms.FormRenderer: common widgets in Python) gives
byte for byte the HTML of the widget templates, and ``kiez.form_field`` (the one field renderer)
gives the same HTML as
django-crispy-forms' bootstrap5 ``as_crispy_field`` for every public form, unbound and with
errors: labels, required markers, help texts with ``aria-describedby``, errors next to the field,
radio and checkbox groups in a fieldset. Compared as parsed HTML (whitespace and attribute order
do not matter, everything else does)."""

from decimal import Decimal

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.test.html import parse_html

from apps.core.forms import FormRenderer
from apps.pages.templatetags.kiez import form_field, form_fields

pytestmark = pytest.mark.django_db


class _File:
    url = "/media/x/plan.pdf"
    name = "x/plan.pdf"

    def __str__(self):
        return self.name


class EveryWidgetForm(forms.Form):
    """Every kind of widget and field option the project's forms use, and a few more."""

    required_css_class = "needed"
    text = forms.CharField(label="Name <b>", help_text="Help with <em>markup</em>", max_length=20)
    optional = forms.CharField(label="Optional", required=False, widget=forms.TextInput(attrs={"class": "extra"}))
    area = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 3}), help_text="Describe it.")
    email = forms.EmailField(label="E-Mail")
    url = forms.URLField(label="Web", required=False, assume_scheme="https")
    number = forms.DecimalField(label="Betrag", max_digits=8, decimal_places=2, min_value=Decimal("0"), localize=True)
    integer = forms.IntegerField(label="Count", required=False, disabled=True, initial=3)
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}), required=False)
    select = forms.ChoiceField(label="Pick", choices=[("", "—"), ("a", "A"), ("b", "B")])
    grouped = forms.ChoiceField(
        label="Grouped", required=False, choices=[("G1", [("1", "One"), ("2", "Two")]), ("G2", [("3", "Three")])]
    )
    radio = forms.ChoiceField(label="Radio", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, help_text="R")
    radio_grouped = forms.ChoiceField(
        label="Radio groups",
        required=False,
        choices=[("G1", [("1", "One"), ("2", "Two")]), ("G2", [("3", "Three")])],
        widget=forms.RadioSelect,
    )
    checks = forms.MultipleChoiceField(
        label="Checks", choices=[(1, "One"), (2, "Two")], widget=forms.CheckboxSelectMultiple, required=False
    )
    checks_required = forms.MultipleChoiceField(
        label="Checks required", choices=[(1, "One"), (2, "Two")], widget=forms.CheckboxSelectMultiple
    )
    unlabelled_radio = forms.ChoiceField(label="", choices=[("x", "X")], widget=forms.RadioSelect, required=False)
    agree = forms.BooleanField(label="I agree", help_text="Read it.")
    maybe = forms.BooleanField(label="Maybe", required=False)
    upload = forms.FileField(label="File", required=False, help_text="PDF")
    upload_required = forms.FileField(label="File needed", widget=forms.FileInput(attrs={"accept": ".pdf"}))
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False, initial="h")
    unlabelled = forms.CharField(label="", required=False)

    def clean(self):
        raise forms.ValidationError("Something <wrong> with the whole form")


def same_html(ours, theirs) -> bool:
    return parse_html(str(ours)) == parse_html(str(theirs))


def check(form):
    assert isinstance(form.renderer, FormRenderer)
    for field in form:
        widget = str(field)
        form.renderer = TemplatesSetting()
        try:
            assert widget == str(field), f"{type(form).__name__}.{field.name}: FormRenderer and the templates differ"
        finally:
            form.renderer = get_default_renderer()
        ours = form_field(form[field.name])
        theirs = as_crispy_field(form[field.name])
        assert parse_html(str(ours)) == parse_html(str(theirs)), (
            f"{type(form).__name__}.{field.name}:\n{ours}\n---\n{theirs}"
        )


def test_every_widget_unbound_and_with_errors():
    check(EveryWidgetForm())
    check(EveryWidgetForm(initial={"upload": _File(), "checks": [2], "radio": "y", "maybe": True}))
    bound = EveryWidgetForm({"text": "x" * 30, "number": "-1", "radio": "z", "checks": ["3"]})
    bound.is_valid()
    check(bound)
    filled = EveryWidgetForm(
        {"text": "ok", "radio_grouped": "2", "number": "1.234,50", "grouped": "3", "agree": "on"},
        {"upload_required": SimpleUploadedFile("a.pdf", b"%PDF")},
        initial={"upload": _File()},
    )
    filled.is_valid()
    check(filled)
    assert same_html(form_fields(bound), as_crispy_form(bound))
    assert same_html(form_fields(EveryWidgetForm()), as_crispy_form(EveryWidgetForm()))


def project_forms():
    """One instance of every form the project renders through ``form_field``."""
    from allauth.account import forms as allauth_forms

    from apps.accounts.forms import AccountDeleteForm
    from apps.accounts.tests.factories import UserFactory
    from apps.actionfund import forms as actionfund
    from apps.actionfund.tests.factories import FundYearFactory, RoundFactory
    from apps.council.forms import DecisionFilterForm
    from apps.events.forms import EventSuggestionForm
    from apps.funding import forms as funding
    from apps.funding.tests.factories import ApplicationFactory, MeasureFactory
    from apps.ideas import forms as ideas
    from apps.network.forms import SuggestionForm
    from apps.newsletter.forms import SubscribeForm
    from apps.notifications.forms import SettingsForm
    from apps.notifications.models import Kind
    from apps.pages.forms import AccessibilityFeedbackForm

    MeasureFactory()
    year = FundYearFactory()
    next_round = RoundFactory(fund_year=year)
    user = UserFactory()
    application = ApplicationFactory()
    kinds = list(Kind.values)[:3]
    return [
        lambda data, files: AccountDeleteForm(data, user=user),
        lambda data, files: actionfund.ApplicationForm(data, files, fund_year=year, next_round=next_round),
        lambda data, files: actionfund.CostItemForm(data),
        lambda data, files: actionfund.VoteForm(data),
        lambda data, files: actionfund.ProofForm(data),
        lambda data, files: actionfund.ReceiptForm(data, files),
        lambda data, files: actionfund.PhotoForm(data, files),
        lambda data, files: DecisionFilterForm(data),
        lambda data, files: EventSuggestionForm(data),
        lambda data, files: funding.ApplicationForm(data, instance=application),
        lambda data, files: funding.CommentForm(data),
        lambda data, files: funding.AttachmentForm(data, files),
        lambda data, files: funding.PaymentRequestForm(data),
        lambda data, files: funding.ProofForm(data),
        lambda data, files: funding.ProjectFilterForm(data),
        lambda data, files: ideas.IdeaForm(data, files),
        lambda data, files: ideas.IdeaFilterForm(data),
        lambda data, files: ideas.CommentForm(data),
        lambda data, files: ideas.AnswerForm(data, to_status="taken_up"),
        lambda data, files: SuggestionForm(data),
        lambda data, files: SuggestionForm(data, correction=True),
        lambda data, files: SubscribeForm(data),
        lambda data, files: SettingsForm(data, kinds=kinds, initial_values=dict.fromkeys(kinds, "daily")),
        lambda data, files: AccessibilityFeedbackForm(data),
        lambda data, files: allauth_forms.LoginForm(data),
        lambda data, files: allauth_forms.SignupForm(data),
        lambda data, files: allauth_forms.ResetPasswordForm(data),
        lambda data, files: allauth_forms.SetPasswordForm(data=data, user=user),
    ]


def test_every_project_form_as_crispy_gives_it():
    with_errors = 0
    for make in project_forms():
        check(make(None, None))
        bound = make({"website": "spam", "email": "no", "starts_on": "x", "amount": "-5"}, {})
        bound.is_valid()
        check(bound)
        assert same_html(form_fields(bound), as_crispy_form(bound)), type(bound).__name__
        with_errors += bool(bound.errors)
    assert with_errors > 20


def test_money_input_keeps_the_german_value():
    class MoneyForm(forms.Form):
        amount = forms.DecimalField(label="Betrag", decimal_places=2, localize=True)

    from django.utils import translation

    with translation.override("de"):
        form = MoneyForm(initial={"amount": Decimal("1500.5")})
        html = str(form_field(form["amount"]))
        assert 'value="1500,5"' in html or 'value="1.500,5"' in html, html
        check(form)
