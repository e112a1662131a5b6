"""The application cards of the jury pages, written with ``format_html``.

A juror's page shows ten applications, each with its text, cost plan and vote form or tally:
some 90 template nodes per card, 6 to 9 ms of the page's CPU as Django templates (most of it
the engine's per-node work: lookups, escaping, translating the same headings ten times). Here
the headings are translated once per page and each card is one ``format_html`` per part, with
the same markup, escaping and message ids as the template had (jury.html includes the result).
Everything shown is escaped by ``format_html`` unless it is already safe HTML built here.
"""

from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

from apps.core.links import path_of
from apps.core.money import euro
from apps.pages.templatetags.kiez import choice_label

from .forms import VoteForm


def _t(message: str) -> SafeString:
    """``{% translate message %}``: the translation, escaped."""
    return conditional_escape(gettext(message))


def _bt(message: str, **values) -> SafeString:
    """``{% blocktranslate trimmed with … %}``: the translation with the values escaped."""
    return mark_safe(gettext(message) % {key: conditional_escape(value) for key, value in values.items()})  # noqa: S308


class Cards:
    """The cards of one page, with what every card shares computed once."""

    def __init__(self, request, round, *, jury_name: str):
        self.is_open = round.is_open
        self.jury_name = jury_name
        self.attachment_url = path_of("actionfund:attachment")
        self.labels = {
            key: _t(message)
            for key, message in {
                "what": gettext_noop("What will happen"),
                "who": gettext_noop("Who it is for"),
                "where": gettext_noop("Where and when"),
                "how": gettext_noop("How neighbours take part"),
                "contribution": gettext_noop("What the applicant contributes"),
                "criteria": gettext_noop("Criteria"),
                "costs": gettext_noop("Costs"),
                "attachments": gettext_noop("Attachments"),
                "your_vote": gettext_noop("Your vote"),
                "result": gettext_noop("Result"),
                "status": gettext_noop("Status"),
                "granted": gettext_noop("Granted"),
                "reason": gettext_noop("Reason"),
                "allowance": gettext_noop("Lump-sum expense allowance"),
                "requested": gettext_noop("Requested amount"),
            }.items()
        }
        self.costs_head = format_html(
            '<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="text-end">{}</th></tr>'
            "</thead>",
            _t(gettext_noop("Cost item")),
            _t(gettext_noop("Kind")),
            _t(gettext_noop("Amount")),
        )
        if self.is_open:
            self.vote_url = path_of("actionfund:jury_vote")
            self.csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
            self.choices = [(value, conditional_escape(label)) for value, label in VoteForm.base_fields["vote"].choices]
            self.comment_max_length = VoteForm.base_fields["comment"].max_length
            self.paper_note = _t(
                gettext_noop("The QM team entered your paper ballot; please ask the QM team if it needs correcting.")
            )
            self.vote_form_texts = {
                "legend": self.labels["your_vote"],
                "comment": _t(gettext_noop("Comment (optional)")),
                "save": _t(gettext_noop("Save vote")),
                "not_voted": _t(gettext_noop("Not voted yet.")),
            }
        else:
            self.tally_head = format_html_join(
                "",
                '<th scope="col">{}</th>',
                (
                    (_t(message),)
                    for message in [
                        gettext_noop("Yes"),
                        gettext_noop("No"),
                        gettext_noop("Abstain"),
                        gettext_noop("Biased"),
                        gettext_noop("Did not vote"),
                    ]
                ),
            )
            self.approved = _bt(gettext_noop("Decision of the %(jury)s: approved."), jury=jury_name)
            self.not_approved = _bt(gettext_noop("Decision of the %(jury)s: not approved."), jury=jury_name)

    def render(self, application) -> SafeString:
        labels = self.labels
        if application.field_of_action:
            field = format_html(
                ' · <span class="field-tag" style="--field-colour: {}">{}</span>',
                application.field_of_action.colour,
                application.field_of_action.name,
            )
        else:
            field = ""
        dates = "{} – {}".format(
            date_format(application.starts_on, "SHORT_DATE_FORMAT"),
            date_format(application.ends_on, "SHORT_DATE_FORMAT"),
        )
        parts = [
            format_html(
                '<article class="card mb-4" id="antrag-{pk}" aria-labelledby="antrag-{pk}-title">\n'
                '<div class="card-body">\n'
                '<h2 class="h3" id="antrag-{pk}-title">{title}</h2>\n'
                "<p>{name}{initiative}{field}</p>\n"
                "<dl>\n"
                "<dt>{l_what}</dt><dd>{description}</dd>\n"
                "<dt>{l_who}</dt><dd>{target_group}</dd>\n"
                "<dt>{l_where}</dt><dd>{location}, {dates}</dd>\n"
                "<dt>{l_how}</dt><dd>{participation}</dd>\n"
                "<dt>{l_contribution}</dt><dd>{contribution}</dd>\n"
                "<dt>{l_criteria}</dt><dd>{criteria}</dd>\n"
                "</dl>\n"
                '<h3 class="h5">{l_costs}</h3>\n',
                pk=application.pk,
                title=application.title,
                name=application.applicant_name,
                initiative=format_html(" ({})", application.initiative) if application.initiative else "",
                field=field,
                description=linebreaksbr(application.description),
                target_group=linebreaksbr(application.target_group),
                location=application.location,
                dates=dates,
                participation=linebreaksbr(application.participation),
                contribution=linebreaksbr(application.contribution),
                criteria=", ".join(conditional_escape(label) for label in application.criteria_labels),
                l_what=labels["what"],
                l_who=labels["who"],
                l_where=labels["where"],
                l_how=labels["how"],
                l_contribution=labels["contribution"],
                l_criteria=labels["criteria"],
                l_costs=labels["costs"],
            ),
            self.costs(application),
        ]
        if application.attachment_list:
            parts.append(
                format_html(
                    '<h3 class="h5">{}</h3>\n<ul>{}</ul>\n',
                    labels["attachments"],
                    format_html_join(
                        "",
                        '<li><a href="{}">{}</a></li>',
                        ((self.attachment_url(item.pk), item.title) for item in application.attachment_list),
                    ),
                )
            )
        vote = application.my_vote
        if self.is_open and vote and vote.is_paper:
            parts.append(
                format_html(
                    '<h3 class="h5">{}</h3>\n<p>{} ({}). {}</p>\n',
                    labels["your_vote"],
                    vote.label,
                    vote.source_note,
                    self.paper_note,
                )
            )
        elif self.is_open:
            parts.append(self.vote_form(application))
        else:
            parts.append(self.result(application))
        parts.append("</div>\n</article>\n")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above

    def costs(self, application) -> SafeString:
        """actionfund/_costs.html"""
        labels = self.labels
        rows = [
            format_html(
                '<tr><td>{}{}</td><td>{}</td><td class="text-end">{}</td></tr>\n',
                item.description,
                format_html("<br><small>{}: {}</small>", labels["reason"], item.reason) if item.reason else "",
                choice_label(item, "kind"),
                euro(item.amount),
            )
            for item in application.cost_list
        ]
        if application.allowance:
            rows.append(
                format_html(
                    '<tr><td>{}</td><td></td><td class="text-end">{}</td></tr>\n',
                    labels["allowance"],
                    euro(application.allowance),
                )
            )
        return format_html(
            '<table class="table table-sm">\n'
            '<caption class="visually-hidden">{caption}</caption>\n'
            "{head}\n"
            "<tbody>\n{rows}</tbody>\n"
            '<tfoot><tr><th scope="row" colspan="2">{l_requested}</th>'
            '<td class="text-end"><strong>{requested}</strong></td></tr></tfoot>\n'
            "</table>\n",
            caption=_bt(gettext_noop("Costs of %(title)s"), title=application.title),
            head=self.costs_head,
            rows=mark_safe("".join(rows)),  # noqa: S308 - format_html above
            l_requested=labels["requested"],
            requested=euro(application.requested_amount),
        )

    def vote_form(self, application) -> SafeString:
        """The plain vote form (VoteForm's fields; the view validates with it)."""
        p = application.pk
        initial = application.vote_initial
        url = self.vote_url(p)
        radios = format_html_join(
            "\n",
            '<div class="form-check"><input type="radio" class="form-check-input" name="a{0}-vote" value="{1}" '
            'id="id_a{0}-vote_{2}" required{3}> <label for="id_a{0}-vote_{2}" class="form-check-label">{4}</label>'
            "</div>",
            (
                (p, value, n, mark_safe(" checked") if value == initial.get("vote") else "", label)
                for n, (value, label) in enumerate(self.choices)
            ),
        )
        vote = application.my_vote
        status = _bt(gettext_noop("Saved: %(label)s"), label=vote.label) if vote else self.vote_form_texts["not_voted"]
        return format_html(
            '<form method="post" action="{url}" data-hx-post="{url}" data-hx-target="#vote-status-{p}" '
            'data-hx-swap="innerHTML" novalidate class="vote-form border-top pt-3">{csrf}\n'
            '<h3 class="h5">{heading}</h3>\n'
            '<fieldset class="mb-3">\n'
            '<legend class="form-label fs-6">{legend}<span class="asteriskField">*</span></legend>\n'
            "{radios}\n"
            "</fieldset>\n"
            '<div class="mb-3"><label for="id_a{p}-comment" class="form-label">{l_comment}</label>\n'
            '<textarea name="a{p}-comment" rows="2" maxlength="{max_length}" class="textarea form-control" '
            'id="id_a{p}-comment">\n{comment}</textarea></div>\n'
            '<button type="submit" class="btn btn-primary">{save}<span class="visually-hidden">: {title}</span>'
            "</button>\n"
            '<div id="vote-status-{p}" role="status" class="mt-2">{status}</div>\n'
            "</form>\n",
            url=url,
            p=p,
            csrf=self.csrf,
            heading=_bt(gettext_noop("Your vote on “%(title)s”"), title=application.title),
            legend=self.vote_form_texts["legend"],
            radios=radios,
            l_comment=self.vote_form_texts["comment"],
            max_length=self.comment_max_length,
            comment=initial.get("comment") or "",
            save=self.vote_form_texts["save"],
            title=application.title,
            status=status,
        )

    def result(self, application) -> SafeString:
        """The tally of a closed round, the decision and the juror's own vote."""
        tally = application.tally
        paper = ""
        if tally.paper:
            paper = format_html(
                "<p>{}</p>\n",
                mark_safe(  # noqa: S308 - the number is an int
                    ngettext(
                        "%(counter)s of these votes was cast on paper and entered by the QM team.",
                        "%(counter)s of these votes were cast on paper and entered by the QM team.",
                        tally.paper,
                    )
                    % {"counter": tally.paper}
                ),
            )
        granted = ""
        if application.granted_amount is not None:
            granted = format_html(" · {}: {}", self.labels["granted"], euro(application.granted_amount))
        vote = application.my_vote
        mine = ""
        if vote:
            note = format_html(" ({})", vote.source_note) if vote.is_paper else ""
            mine = format_html("<p>{}: {}{}</p>\n", self.labels["your_vote"], vote.label, note)
        return format_html(
            '<h3 class="h5">{l_result}</h3>\n'
            '<table class="table table-sm w-auto">\n'
            '<caption class="visually-hidden">{caption}</caption>\n'
            "<thead><tr>{head}</tr></thead>\n"
            "<tbody><tr><td>{yes}</td><td>{no}</td><td>{abstain}</td><td>{recused}</td><td>{not_voted}</td></tr>"
            "</tbody>\n"
            "</table>\n"
            "{paper}"
            "<p><strong>{decision}</strong>\n"
            '{l_status}: <span class="status-badge">{status}</span>{granted}</p>\n'
            "{mine}",
            l_result=self.labels["result"],
            caption=_bt(gettext_noop("Votes on %(title)s"), title=application.title),
            head=self.tally_head,
            yes=tally.yes,
            no=tally.no,
            abstain=tally.abstain,
            recused=tally.recused,
            not_voted=tally.not_voted,
            paper=paper,
            decision=self.approved if tally.approved else self.not_approved,
            l_status=self.labels["status"],
            status=choice_label(application, "status"),
            granted=granted,
            mine=mine,
        )
