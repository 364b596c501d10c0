"""A small browser for the load test: cookies, forms as a browser posts them, one new
connection per request (as gunicorn's sync workers answer), and a log of every request."""

import http.client
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import lxml.html

TIMEOUT = 30  # seconds; gunicorn's own worker timeout is the same


@dataclass
class Hit:
    """One request as the client saw it."""

    start: float  # time.monotonic()
    end: float
    who: str
    method: str
    label: str  # the page, without ids: "entry", "dashboard", "approve"…
    status: int | None  # None: no HTTP answer (connection refused, reset, timed out)
    error: str = ""
    vietnamese: bool = False  # for 4xx/5xx: the page is one of our Vietnamese error pages


class Log:
    def __init__(self):
        self.hits = []
        self._lock = threading.Lock()

    def add(self, hit):
        with self._lock:
            self.hits.append(hit)

    def snapshot(self):
        with self._lock:
            return list(self.hits)


@dataclass
class Response:
    status: int | None
    location: str = ""
    text: str = ""
    error: str = ""

    @property
    def ok(self):
        return self.status is not None and self.status < 400

    def doc(self):
        return lxml.html.fromstring(self.text)


def is_vietnamese_error_page(text):
    return (
        '<html lang="vi">' in text and "Mã lỗi" in text and 'class="card narrow error-page"' in text
    )


class Browser:
    def __init__(self, base_url, log, who):
        url = urlsplit(base_url)
        self.host, self.port = url.hostname, url.port
        self.log, self.who = log, who
        self.cookies = {}
        self.count = 0

    def request(self, method, path, data=None, label=""):
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": f"loadtest/{self.who}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.count += 1
        start = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException) as e:
            error = f"{type(e).__name__}: {e}"
            self.log.add(Hit(start, time.monotonic(), self.who, method, label, None, error))
            return Response(None, error=error)
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            self._keep_cookie(header)
        content_type = answer.headers.get("Content-Type", "")
        text = raw.decode("utf-8", "replace") if content_type.startswith("text/") else ""
        response = Response(answer.status, answer.headers.get("Location", ""), text)
        vietnamese = answer.status >= 400 and is_vietnamese_error_page(text)
        self.log.add(
            Hit(start, time.monotonic(), self.who, method, label, answer.status, "", vietnamese)
        )
        return response

    def _keep_cookie(self, header):
        for name, morsel in SimpleCookie(header).items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path, label=""):
        return self.request("GET", path, label=label)

    def post(self, path, data, label=""):
        return self.request("POST", path, data, label=label)

    def login(self, username, password, next_url="/"):
        """Through the real login form; True when the server let us in."""
        page = self.get(f"/accounts/login/?{urlencode({'next': next_url})}", "login")
        if page.status != 200:
            return False
        data = {
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": username,
            "password": password,
            "next": next_url,
        }
        answer = self.post("/accounts/login/", data, "login")
        return answer.status == 302 and urlsplit(answer.location).path == urlsplit(next_url).path


def csrf_token(html):
    found = lxml.html.fromstring(html).xpath('//input[@name="csrfmiddlewaretoken"]/@value')
    return found[0] if found else ""


def form_fields(html, form_id):
    """The fields of <form id=form_id> as a browser would post them."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    fields = {}
    for element in form.inputs:
        name = element.name
        # Inputs inside <template> (rows the page adds with JavaScript) are never posted.
        if not name or "__prefix__" in name or element.get("disabled") is not None:
            continue
        if element.tag == "textarea":
            # A browser drops the newline that follows <textarea>; lxml keeps it.
            value = element.value or ""
            fields[name] = value[1:] if value.startswith("\n") else value
        elif element.tag == "select":
            fields[name] = element.value or ""
        elif element.type in ("checkbox", "radio"):
            if element.checked:
                fields[name] = element.get("value", "on")
        elif element.type not in ("submit", "button", "image", "reset", "file"):
            fields[name] = element.value or ""
    return fields


def messages(html):
    """(level, text) of the messages shown at the top of a page."""
    if not html.strip():
        return []
    doc = lxml.html.fromstring(html)
    items = doc.xpath('//ul[contains(@class, "messages")]/li')
    return [(li.get("class", ""), li.text_content().strip()) for li in items]


def report_status(html):
    found = lxml.html.fromstring(html).xpath('//span[contains(@class, "status ")]/@class')
    return found[0].split("status-")[-1] if found else ""
