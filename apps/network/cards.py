"""The directory's actor cards and the list of networks: plain reads, markup written in Python.

A card showed an actor's kind, street, languages, access and fields of action. As model instances
with two prefetched relations and an included template (about 30 template nodes a card) a list
of twenty cost several milliseconds of CPU, most of it Django's per-object and per-node work, and
a filtered list grew with its matches (one card at scale 1, eighteen at scale 10). Here a list is
its shown columns (``values_list``), the languages and fields of action of all its actors come in
one more query (the two link tables together, the names and order from the database as the
prefetches had them), and each card is one string with the markup, escaping and message ids of
the template it replaces (``network/_actor_card.html`` before): every value through ``escape``.
"""

from html import escape

from django.db.models import F, Value
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from .models import Actor, ActorKind, StepFree

# The columns a card shows (with the primary key, for the languages and fields of action).
CARD_COLUMNS = ("pk", "name", "slug", "kind", "street", "step_free")

LANGUAGE, FIELD = 0, 1


class ActorCard:
    """One card's actor: the shown columns, ``url``, ``language_names`` and ``listed_fields``
    (``(name, colour)`` pairs), ``html`` (the card)."""

    __slots__ = ("pk", "name", "slug", "kind", "street", "step_free", "url", "language_names", "listed_fields", "html")

    def __init__(self, row):
        self.pk, self.name, self.slug, self.kind, self.street, self.step_free = row
        self.listed_fields = []

    def __str__(self) -> str:
        return self.name


def card_rows(actors):
    """``actors`` (an Actor queryset, ordered and filtered) as the rows ``actor_cards`` reads."""
    return actors.values_list(*CARD_COLUMNS)


def _facts(actor_ids, english: bool):
    """``{actor id: ([language name, ...], [(field name, colour), ...])}`` in one query: the two
    link tables together, each in the order of its related model (order, then name)."""
    Languages = Actor.languages.through
    Fields = Actor.fields_of_action.through
    languages = (
        Languages.objects.filter(actor_id__in=actor_ids)
        .annotate(
            a=F("actor_id"),
            k=Value(LANGUAGE),
            o=F("language__order"),
            n=F("language__name"),
            label=F("language__name_en" if english else "language__name"),
            c=Value(""),
        )
        .values_list("a", "k", "o", "n", "label", "c")
    )
    fields = (
        Fields.objects.filter(actor_id__in=actor_ids)
        .annotate(
            a=F("actor_id"),
            k=Value(FIELD),
            o=F("fieldofaction__order"),
            n=F("fieldofaction__name"),
            label=F("fieldofaction__name"),
            c=F("fieldofaction__colour"),
        )
        .values_list("a", "k", "o", "n", "label", "c")
    )
    facts = {pk: ([], []) for pk in actor_ids}
    for actor_id, kind, _order, _name, label, colour in languages.union(fields, all=True).order_by("k", "o", "n"):
        if kind == LANGUAGE:
            facts[actor_id][0].append(label)
        else:
            facts[actor_id][1].append((label, colour))
    return facts


class _Labels(dict):
    """A choice's label by value, translated and escaped when first asked for (a value outside
    the choices is shown as it is, as ``kiez.choice_label`` does)."""

    def __init__(self, choices):
        super().__init__()
        self.labels = dict(choices.choices)

    def __missing__(self, value):
        label = self[value] = conditional_escape(self.labels.get(value, value))
        return label


def _card_html(actor: ActorCard, terms) -> str:
    """One card's HTML: every value from the database through ``escape`` (what ``format_html``
    and the template's autoescape write for a plain string), the labels escaped once per page."""
    street = f'<span class="ms-2">{escape(actor.street)}</span>' if actor.street else ""
    languages = (
        f"\n        <div><dt>{terms['languages']}</dt>\n        <dd>{escape(actor.language_names)}</dd></div>\n      "
        if actor.language_names
        else ""
    )
    fields = ""
    if actor.listed_fields:
        tags = "".join(
            f'<span class="field-tag" style="--field-colour: {escape(colour)}">{escape(name)}</span> '
            for name, colour in actor.listed_fields
        )
        fields = f"\n        <div><dt>{terms['fields']}</dt>\n        <dd>{tags}</dd></div>\n      "
    return (
        f'\n<li class="actor-card card mb-3">\n  <div class="card-body">\n'
        f'    <h3 class="h5 card-title mb-1"><a href="{escape(actor.url)}">{escape(actor.name)}</a></h3>\n'
        f'    <p class="mb-2"><span class="status-badge">{terms["kinds"][actor.kind]}</span>\n'
        f"      {street}</p>\n"
        f'    <dl class="actor-facts mb-0">\n'
        f"      {languages}\n"
        f"      <div><dt>{terms['access']}</dt><dd>{terms['step_free'][actor.step_free]}</dd></div>\n"
        f"      {fields}\n"
        f"    </dl>\n  </div>\n</li>\n"
    )


def actor_cards(rows) -> tuple[list[ActorCard], SafeString]:
    """The cards of ``rows`` (``card_rows()``, or a page of them): the actors with their ``url``
    (one ``reverse()`` for the list), ``language_names`` (in the interface language, as
    ``Language.label``) and ``listed_fields``, and the HTML of all cards in their order."""
    actors = [ActorCard(row) for row in rows]
    if not actors:
        return actors, mark_safe("")
    marker = "actor-slug-marker"
    head, _found, tail = reverse("network:actor_detail", kwargs={"slug": marker}).partition(marker)
    facts = _facts([actor.pk for actor in actors], (get_language() or "de").startswith("en"))
    terms = {
        "languages": conditional_escape(gettext("Languages")),
        "access": conditional_escape(gettext("Access")),
        "fields": conditional_escape(gettext("Fields of action")),
        "kinds": _Labels(ActorKind),
        "step_free": _Labels(StepFree),
    }
    for actor in actors:
        actor.url = f"{head}{actor.slug}{tail}"
        names, actor.listed_fields = facts[actor.pk]
        actor.language_names = ", ".join(names)
        actor.html = _card_html(actor, terms)
    return actors, mark_safe("".join(actor.html for actor in actors))  # noqa: S308 -- every value escaped


class NetworkCard:
    """One network of the list of networks: its shown columns, ``url`` and ``html``."""

    __slots__ = ("name", "slug", "meeting_rhythm", "member_count", "coordinator", "url", "html")

    def __init__(self, row):
        self.name, self.slug, self.meeting_rhythm, self.member_count, name, published = row
        self.coordinator = name if published else None  # a coordinator's name only when its entry is public

    def __str__(self) -> str:
        return self.name


# The columns a network's card shows (after the member count's annotation ``member_count``).
NETWORK_COLUMNS = ("name", "slug", "meeting_rhythm", "member_count", "coordinator__name", "coordinator__is_published")


def network_cards(rows) -> tuple[list[NetworkCard], SafeString]:
    """The cards of the list of networks (``rows``: ``NETWORK_COLUMNS``), the markup and message
    ids of the template they replace (network_list.html's loop before)."""
    networks = [NetworkCard(row) for row in rows]
    if not networks:
        return networks, mark_safe("")
    marker = "network-slug-marker"
    head, _found, tail = reverse("network:network_detail", kwargs={"slug": marker}).partition(marker)
    coordination = conditional_escape(gettext("Coordination"))
    meets = conditional_escape(gettext("Meets"))
    for network in networks:
        network.url = f"{head}{network.slug}{tail}"
        members = ngettext("%(counter)s member", "%(counter)s members", network.member_count) % {
            "counter": localize(network.member_count)
        }
        network.html = format_html(
            '\n      <li class="card mb-3"><div class="card-body">\n'
            '        <h2 class="h5 card-title"><a href="{}">{}</a></h2>\n'
            '        <p class="mb-0">\n'
            "          {}\n"
            "          {}\n"
            "          {}\n"
            "        </p>\n"
            "      </div></li>\n    ",
            network.url,
            network.name,
            members,
            format_html(" · {}: {}", coordination, network.coordinator) if network.coordinator else "",
            format_html(" · {}: {}", meets, network.meeting_rhythm) if network.meeting_rhythm else "",
        )
    return networks, mark_safe("".join(network.html for network in networks))  # noqa: S308 -- built by format_html
