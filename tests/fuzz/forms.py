"""Find the portal's forms by walking its pages as a signed-in person would, and read each form's fields."""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

# Never walked: static files, the Django admin (its own forms, a superuser's), the language switch and sign-out
# (they change the session the walk runs in).
SKIPPED_PREFIXES = ("/static/", "/admin/", "/i18n/", "/accounts/logout/", "/api/v1/docs/")
PAGES_PER_URL_NAME = 2


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, number, date, email, file, hidden, password, …
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    required: bool = False


@dataclass
class Form:
    page: str
    action: str
    url_name: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.url_name, tuple(sorted(self.fields)))


class PageParser(HTMLParser):
    """The links of a page and its POST forms with their fields."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page, a.get("action") or self.page)
                self.form = Form(page=self.page, action=action, url_name=url_name(action) or "?")
            else:
                self.form = None
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if kind == "submit":  # a named submit button says which action the form takes
                    self.add(Field(a["name"], "submit", a.get("value", ""), options=[a.get("value", "")]))
                return
            self.add(Field(a["name"], kind, a.get("value", ""), required="required" in a))
        elif tag == "button" and a.get("name"):
            self.add(Field(a["name"], "submit", a.get("value", ""), options=[a.get("value", "")]))
        elif tag == "select" and a.get("name"):
            self.select = Field(a["name"], "select", multiple="multiple" in a, required="required" in a)
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self.textarea = Field(a["name"], "textarea", required="required" in a)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select is not None:
            self.add(self.select)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.add(self.textarea)
            self.textarea = None
        elif tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None

    def add(self, new: Field) -> None:
        assert self.form is not None
        old = self.form.fields.get(new.name)
        if old is None:
            if new.kind in ("checkbox", "radio", "submit"):
                new.options = [new.value or "on"]
            self.form.fields[new.name] = new
        elif old.kind in ("checkbox", "radio", "submit"):  # a group of boxes or buttons under one name
            old.options.append(new.value or "on")
            old.multiple = old.kind == "checkbox"


def url_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def walk(client, starts: list[str], *, max_pages: int) -> tuple[list[Form], set[str]]:
    """Breadth-first over the site's own links from ``starts``: the POST forms found (one per URL name and set of
    fields) and the URL names of the pages visited."""
    seen: set[str] = set()
    per_name: dict[str, int] = {}
    forms: dict[tuple, Form] = {}
    visited_names: set[str] = set()
    queue = deque(starts)
    while queue and len(seen) < max_pages:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        name = url_name(parts.path)
        if target in seen or name is None or per_name.get(name, 0) >= PAGES_PER_URL_NAME:
            continue
        seen.add(target)
        per_name[name] = per_name.get(name, 0) + 1
        response = client.get(target)
        assert response.status_code < 500, (target, response.status_code)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        visited_names.add(name)
        parser = PageParser(target)
        parser.feed(response.content.decode())
        for form in parser.forms:
            forms.setdefault(form.key, form)
        queue.extend(parser.links)
    return list(forms.values()), visited_names
