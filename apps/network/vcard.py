"""vCard 3.0 (RFC 2426) of an actor's public contact details, written by hand: no runtime dependency."""

from datetime import UTC

from apps.core.links import reverse_absolute


def escape(value: str) -> str:
    """Escape a text value: backslash, comma, semicolon and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (continuation lines start with a space)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines begin with one space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def actor_vcard(actor) -> str:
    """The vCard text for a published actor: only details the actor published."""
    name = escape(actor.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{name}",
        f"N:{name};;;;",
        f"ORG:{name}",
        "X-ABShowAs:COMPANY",
    ]
    if actor.street or actor.postcode:
        lines.append(
            "ADR;TYPE=WORK:;;{};{};;{};{}".format(
                escape(actor.street), escape(actor.city), escape(actor.postcode), escape("Deutschland")
            )
        )
    if actor.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(actor.phone)}")
    if actor.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(actor.email)}")
    if actor.website:
        lines.append(f"URL:{actor.website}")
    if actor.opening_hours:
        lines.append(f"NOTE:{escape(actor.opening_hours)}")
    lines.append(f"SOURCE:{reverse_absolute('network:actor_vcard', slug=actor.slug)}")
    lines.append(f"REV:{actor.updated_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append("END:VCARD")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
