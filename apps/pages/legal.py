"""The default privacy notice (Datenschutzerklärung) of /seiten/datenschutz/: every section a German
privacy notice for this portal needs (Art. 13/14 DSGVO), with [placeholders in brackets] the office
fills in in the admin (Pages → Datenschutzerklärung). Created by a data migration when the page does
not exist yet; the demo data uses it as well."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

PRIVACY_SLUG = "datenschutz"


def privacy_notice_help(text: str = "") -> str:
    """A form field's help text (``text``, optional) ending in a link to the privacy notice; for
    every public form that asks for consent or personal data."""
    url = reverse("pages:page_detail", kwargs={"slug": PRIVACY_SLUG})
    link = format_html('<a href="{}">{}</a>', url, _("Read the privacy notice"))
    return format_html("{} {}", text, link) if text else link


PRIVACY_NOTICE = """\
> Bitte ersetzen Sie alle Angaben in [eckigen Klammern] und löschen Sie diesen Hinweis.

## 1. Verantwortlicher

[Name des Trägers des Quartiersmanagements], [Straße und Hausnummer], [PLZ Ort]
Telefon: [Telefon], E-Mail: [E-Mail-Adresse]
im Auftrag des Bezirksamts [Bezirk] und der Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen
im Programm „Sozialer Zusammenhalt".

## 2. Datenschutzbeauftragte/r

[Name oder Stelle], [Anschrift], E-Mail: [E-Mail-Adresse]
(falls keine Benennung nötig ist: diesen Abschnitt löschen)

## 3. Welche Daten wir wofür und auf welcher Rechtsgrundlage verarbeiten

| Verarbeitung | Daten | Zweck | Rechtsgrundlage |
|---|---|---|---|
| Aufruf der Seiten | IP-Adresse, Zeitpunkt, Seite (Server-Protokoll) | Betrieb und Sicherheit des Portals | Art. 6 Abs. 1 lit. e DSGVO i. V. m. [§ 3 BlnDSG] bzw. lit. f DSGVO |
| Benutzerkonto | E-Mail-Adresse, Passwort (verschlüsselt), Name (freiwillig) | Anmeldung, Mitwirkung | Art. 6 Abs. 1 lit. b DSGVO |
| Anmeldeschutz und Begrenzung von Einsendungen | Anmeldeadresse mit IP-Adresse, verkürzte Prüfsummen von IP-Adressen | Schutz vor Missbrauch | Art. 6 Abs. 1 lit. f DSGVO |
| Ideen, Anliegen, Kommentare, Unterstützungen | Inhalte, E-Mail-Adresse, freiwillig ein Anzeigename, Fotos | Beteiligung der Bewohnerschaft, Weitergabe an Fachabteilungen | Art. 6 Abs. 1 lit. a und e DSGVO |
| Projektanträge (Projektfonds, Baufonds) | Kontaktdaten, Angaben zum Projekt und Träger, Kostenplan, Unterlagen | Auswahl und Förderung von Projekten | Art. 6 Abs. 1 lit. b, c und e DSGVO, [Förderrichtlinie, LHO] |
| Aktionsfondsanträge | Name, Kontaktdaten, Angaben zur Aktion, Belege | Entscheidung der Jury, Auszahlung, Verwendungsnachweis | Art. 6 Abs. 1 lit. b, c und e DSGVO |
| Quartiersrat und Jury | Name, Sitz, Anwesenheit, Stimmabgaben, Befangenheit | Arbeit der Gremien, Protokolle | Art. 6 Abs. 1 lit. e DSGVO; Veröffentlichung von Namen und Fotos nur mit Einwilligung (lit. a) |
| Vorschläge für das Netzwerkverzeichnis | Name, E-Mail-Adresse, Angaben zur Einrichtung | Pflege des Verzeichnisses | Art. 6 Abs. 1 lit. a und e DSGVO |
| Vorschläge für den Kiezkalender | Name (freiwillig), E-Mail-Adresse, Angaben zur Veranstaltung | Pflege des Kalenders, Mitteilung der Entscheidung | Art. 6 Abs. 1 lit. a und e DSGVO |
| Newsletter | E-Mail-Adresse, Sprache, Zeitpunkt der Anmeldung und der Bestätigung (Einwilligung) | Versand des Newsletters (Bestätigung per Link, Abmeldung mit einem Klick in jeder Ausgabe) | Art. 6 Abs. 1 lit. a DSGVO |
| E-Mails des Portals | E-Mail-Adresse, Inhalt der Nachricht | Bestätigungen, Entscheidungen, Erinnerungen | wie die jeweilige Verarbeitung |

E-Mail-Adressen und Postanschriften werden nie öffentlich angezeigt. Eine Einwilligung können Sie
jederzeit mit Wirkung für die Zukunft widerrufen.

## 4. Empfänger

- die Mitglieder der Aktionsfondsjury (Aktionsfondsanträge, ohne E-Mail-Adresse und Anschrift),
- die Mitglieder des Quartiersrats (Projektanträge, die ihm vorgelegt werden, und vertrauliche
  Tagesordnungspunkte ihrer Wahlperiode),
- die Fachabteilungen des Bezirksamts [Bezirk], an die ein Anliegen weitergeleitet wird,
- das Bezirksamt und die Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen als
  Fördermittelgeber (Projekt- und Aktionsfondsanträge, Verwendungsnachweise),
- unser Hosting-Dienstleister [Name, Anschrift] als Auftragsverarbeiter (Art. 28 DSGVO).

Eine Übermittlung in Drittländer findet nicht statt. Das Portal lädt keine Inhalte von fremden
Servern und setzt keine Tracker ein; es verwendet nur technisch notwendige Cookies (Sitzung, Sprache,
Schutz vor Fälschung von Formularen).

## 5. Speicherdauer

- Nicht per E-Mail bestätigte Einsendungen: [7] Tage.
- Newsletter: bis Sie ihn abbestellen (Link in jeder Ausgabe) oder Ihr Konto mit derselben Adresse
  löschen; die Adresse wird dann sofort gelöscht. Nicht bestätigte Anmeldungen: 7 Tage.
- Eingereichte Projekt- und Aktionsfondsanträge mit Unterlagen: [10] Jahre nach Abschluss
  (Aufbewahrungspflichten des Förderprogramms); löschen Sie Ihr Konto, bleiben sie ohne Namen und
  Kontaktdaten erhalten.
- Ideen, Kommentare und Vorschläge: bis Sie sie oder Ihr Konto löschen oder [Frist].
- Fehlgeschlagene Anmeldeversuche: [15] Minuten; Server-Protokolle: [7] Tage.
- Protokolle des Quartiersrats: [dauerhaft, Archivierung nach ...].

## 6. Ihre Rechte

Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17),
Einschränkung der Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch (Art. 21).
Mit einem Konto laden Sie unter „Mein Bereich → Meine Daten" alle gespeicherten Daten herunter und
löschen Ihr Konto selbst; sonst genügt eine Nachricht an [E-Mail-Adresse].

## 7. Beschwerderecht

Sie können sich bei der Aufsichtsbehörde beschweren:
Berliner Beauftragte für Datenschutz und Informationsfreiheit, Alt-Moabit 59–61, 10555 Berlin,
Telefon 030 13889-0, E-Mail mailbox@datenschutz-berlin.de.

Stand: [Datum]
"""
