"""Test helpers: the official OParl 1.1 JSON schemas and a crawler that follows every link.

The schemas are not part of this project: they come from the public repository ``OParl/spec``
(folder ``schema/``) and are laid out beside the checkout in ``../shared/oparl/schema/`` (CI
copies ``shared/`` next to the repository); ``OPARL_SCHEMA_DIR`` points elsewhere.

The schemas mark embedded objects with a non-standard ``"schema": "Location.json"`` keyword
(on an object property, or on the ``items`` of an array); the validator below follows it, so an
embedded object is checked against its own type's schema as well.
"""

import json
import os
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
from django.conf import settings

from apps.core.links import absolute_url

OPARL_TYPE = "https://schema.oparl.org/1.1/"


def schema_dir() -> Path:
    configured = os.environ.get("OPARL_SCHEMA_DIR")
    return Path(configured) if configured else Path(settings.BASE_DIR).parent / "shared" / "oparl" / "schema"


@cache
def schemas() -> dict[str, dict]:
    folder = schema_dir()
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise AssertionError(
            f"The OParl 1.1 JSON schemas are missing in {folder}. They come from the public repository "
            "OParl/spec (folder schema/, see shared/oparl/README.md) and are expected in "
            "../shared/oparl/schema/ beside the checkout; set OPARL_SCHEMA_DIR to use another folder."
        )
    return {path.name: json.loads(path.read_text()) for path in files}


def _embedded(validator, schema_name, instance, schema):
    if isinstance(instance, dict):
        yield from validator.descend(instance, schemas()[schema_name])


format_checker = jsonschema.FormatChecker()


@format_checker.checks("url")
def _is_url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value)
    return parsed.tzinfo is not None and "T" in value


@format_checker.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    return not isinstance(value, str) or bool(date.fromisoformat(value)) and len(value) == 10


OParlValidator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"schema": _embedded})


def schema_errors(obj: dict) -> list[str]:
    """Schema violations of one OParl object (its ``type`` picks the schema)."""
    kind = str(obj.get("type", "")).removeprefix(OPARL_TYPE)
    schema = schemas().get(f"{kind}.json")
    if schema is None:
        return [f"{obj.get('id')}: unknown type {obj.get('type')!r}"]
    validator = OParlValidator(schema, format_checker=format_checker)
    return [f"{obj.get('id')}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(obj)]


def urls_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from urls_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in(item)
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        yield value


class Crawl:
    """Everything reachable from the system object, with the schema errors and dangling links found.

    API URLs are fetched and validated (list pages element by element, following ``links``);
    other URLs of this site (``web``, ``accessUrl``) are requested once and must answer 200.
    ``fetch_objects=False`` does not fetch the single-object URLs of objects already seen in a
    list (for large data: every object is still validated as a list element, and every reference
    must point at an object seen in some list or fetched).
    """

    def __init__(self, client, *, fetch_objects=True, check_web=True):
        self.client = client
        self.root = absolute_url("/oparl/v1/")
        self.fetch_objects = fetch_objects
        self.check_web = check_web
        self.objects: dict[str, dict] = {}
        self.fetched: set[str] = set()
        self.errors: list[str] = []
        self.dangling: list[str] = []
        self.responses: list[str] = []  # every body, for privacy checks

    def get(self, url: str):
        parts = urlsplit(url)
        return self.client.get(parts.path + (f"?{parts.query}" if parts.query else ""))

    def run(self) -> "Crawl":
        queue, references = [self.root], set()
        while queue:
            self._fetch(queue.pop(0), queue, references)
            if not queue:  # every list is done: fetch what was referenced but not seen yet
                queue = sorted(
                    ref
                    for ref in references
                    if ref not in self.fetched and (self.fetch_objects or ref not in self.objects)
                )
        self.dangling += [f"{ref}: referenced, never found" for ref in references if not self._found(ref)]
        return self

    def _found(self, ref: str) -> bool:
        if not ref.startswith(self.root):
            return not self.check_web or ref in self.fetched or urlsplit(ref).netloc != urlsplit(self.root).netloc
        return ref in self.objects or ref in self.fetched

    def _fetch(self, url: str, queue: list, references: set) -> None:
        if url in self.fetched:
            return
        self.fetched.add(url)
        response = self.get(url)
        if response.status_code != 200:
            self.dangling.append(f"{url}: {response.status_code}")
            return
        if not url.startswith(self.root):
            return
        self.responses.append(response.content.decode())
        if response["Content-Type"] != "application/json" or response["Access-Control-Allow-Origin"] != "*":
            self.errors.append(
                f"{url}: headers {response['Content-Type']}, {response.get('Access-Control-Allow-Origin')}"
            )
        document = response.json()
        if "data" in document:
            for name in ("data", "pagination", "links"):
                if name not in document:
                    self.errors.append(f"{url}: list without {name}")
            for obj in document["data"]:
                self._seen(obj)
            queue.extend(u for u in document["links"].values() if u not in self.fetched)
        else:
            self._seen(document)
        for ref in urls_in(document.get("data", document)):
            if not ref.startswith(self.root):
                if self.check_web and urlsplit(ref).netloc == urlsplit(self.root).netloc:
                    references.add(ref)
            else:
                references.add(ref)
                if ref.rstrip("/").count("/") <= self.root.rstrip("/").count("/") + 1:
                    queue.append(ref)  # a list (or the body): crawl it now

    def _seen(self, obj: dict) -> None:
        self.errors.extend(schema_errors(obj))
        for name in ("location", "resultsProtocol"):
            if isinstance(obj.get(name), dict):
                self._seen(obj[name])
        for name in ("agendaItem", "auxiliaryFile", "membership", "consultation", "legislativeTerm"):
            if isinstance(obj.get(name), list):
                for inner in obj[name]:
                    if isinstance(inner, dict):
                        self._seen(inner)
        self.objects[obj["id"]] = obj
