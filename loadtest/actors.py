"""The people of the load test, each a thread with its own browser.

Staff save figures through the entry page (and answer the "someone saved meanwhile" page by
keeping their own figure and taking the others'), chiefs move a report through the workflow
(an administrator reopens it), leaders read pages and workbooks, and a probe asks for the
report list to time the recovery after a fault. Every write records what the server answered:
acknowledged (the redirect after a successful save), refused (a page saying nothing was saved)
or uncertain (no answer, or a 5xx: it may or may not have been written).
"""

import itertools
import random
import threading
import time
import traceback
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from loadtest.browser import Browser, csrf_token, form_fields, messages, report_status

MAX_REQUESTS = 4_000  # per person: the run is bounded in count as well as in time
MAX_ROUNDS = 6  # conflict answers in a row before a writer gives up that save
EXPIRED = "Phiên đăng nhập đã hết hạn nên số liệu bạn vừa nhập chưa được lưu."
RESTORED = "Đây là số liệu bạn đã nhập trước khi phiên đăng nhập hết hạn"
DONE = {
    "submit": "Đã gửi báo cáo để Chánh Văn phòng duyệt.",
    "return": "Đã trả lại báo cáo để chuyên viên sửa.",
    "approve": "Đã duyệt báo cáo. Số liệu đã được khóa.",
    "reopen": "Đã mở lại báo cáo để sửa.",
}
TARGET = {"submit": "submitted", "return": "returned", "approve": "approved", "reopen": "draft"}


@dataclass
class Write:
    """One figure save: `value` is unique in the whole run, so its audit row is findable."""

    who: str
    report: str  # "slug/year"
    code: str
    value: int
    start: float
    outcome: str = "pending"  # acked | refused | uncertain
    acked_at: float | None = None
    rounds: int = 0  # "someone saved meanwhile" answers resolved before the outcome
    detail: str = ""
    trace: list = field(default_factory=list)  # (status, version posted, conflicts) per post


@dataclass
class Step:
    """One workflow action on a report; `reason` is unique for return and reopen."""

    user: str  # the account that acted
    report: str
    action: str
    reason: str
    start: float
    outcome: str = "pending"  # acked | refused | uncertain (then settled: ", written"…)
    detail: str = ""


@dataclass
class Run:
    """What the people share: the server, the clock, and what they recorded."""

    base_url: str
    log: object
    password: str
    deadline: float
    stop: threading.Event = field(default_factory=threading.Event)
    fast_probe: threading.Event = field(default_factory=threading.Event)
    journey_done: threading.Event = field(default_factory=threading.Event)
    journey_lock: threading.Lock = field(default_factory=threading.Lock)
    writes: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    crashes: list = field(default_factory=list)
    expiry: dict = field(default_factory=dict)  # the session-expiry journey's checks
    expire_at: float | None = None
    expire_session: object = None  # callable(session_key): deletes the session row
    figure_value: object = None  # callable(report, code): the stored value
    sessions: dict = field(default_factory=dict)  # username -> session key made at seeding

    def claim_journey(self):
        """True for the one staff member who walks the session-expiry journey, when due."""
        with self.journey_lock:
            due = self.expire_at is not None and time.monotonic() >= self.expire_at
            if due:
                self.expire_at = None
            return due

    def over(self):
        return self.stop.is_set() or time.monotonic() >= self.deadline

    def pause(self, low, high):
        time.sleep(random.uniform(low, high))


class Person(threading.Thread):
    def __init__(self, run, username):
        super().__init__(name=username, daemon=True)
        self.run_, self.username = run, username
        self.browser = Browser(run.base_url, run.log, username)

    def run(self):
        time.sleep(random.uniform(0, 3))  # people do not all click in the same instant
        try:
            self.log_in(self.browser, self.username)
            self.work()
        except Exception:
            self.run_.crashes.append(f"{self.username}: {traceback.format_exc()}")

    def done(self):
        return self.run_.over() or self.browser.count >= MAX_REQUESTS

    def log_in(self, browser, username, session=None):
        session = self.run_.sessions.get(session or username)
        if session:
            browser.cookies["sessionid"] = session
            return
        while not self.run_.over():
            if browser.login(username, self.run_.password):
                return
            time.sleep(1)


class Staff(Person):
    """Saves figures it alone writes (`codes`) on a report another staff member also edits."""

    def __init__(self, run, username, report, codes, number):
        super().__init__(run, username)
        self.report, self.codes = report, itertools.cycle(codes)
        self.url = f"/reports/{report}/edit/"
        self.values = itertools.count((number + 1) * 1_000_000 + 1)

    def work(self):
        page = None
        while not self.done():
            if page is None:
                answer = self.browser.get(self.url, "entry")
                if answer.status != 200:
                    time.sleep(1)
                    continue
                page = answer.text
            if self.run_.claim_journey():
                try:
                    page = self.expire_then_save(page)
                finally:
                    self.run_.journey_done.set()
            else:
                page = self.save(form_fields(page, "entry-form"), self.new_write())
            # Typing the next figure.
            self.run_.pause(3, 6)

    def new_write(self):
        write = Write(self.username, self.report, next(self.codes), next(self.values), 0.0)
        write.start = time.monotonic()
        self.run_.writes.append(write)
        return write

    def save(self, fields, write):
        """Post the page with the new value; the next page's HTML, or None to read it again."""
        typed = f"{write.value:,}".replace(",", ".")  # as staff type it: 1.000.001
        for _round in range(MAX_ROUNDS):
            fields[f"{write.code}-value"] = typed
            answer = self.browser.post(self.url, fields, "entry save")
            write.trace.append((answer.status, fields.get("version"), fields.get("conflicts", "")))
            if answer.status == 302 and urlsplit(answer.location).path == self.url:
                write.outcome, write.acked_at = "acked", time.monotonic()
                page = self.browser.get(self.url, "entry")
                return page.text if page.status == 200 else None
            if answer.status == 200 and 'id="conflicts"' in answer.text:
                # Someone saved the report meanwhile: keep my figure, take theirs.
                write.rounds += 1
                fields = form_fields(answer.text, "entry-form")
                for key in filter(None, fields.get("conflicts", "").split(",")):
                    fields[f"take-{key}-choice"] = "mine" if key == write.code else "theirs"
                continue
            if answer.status is None or answer.status >= 500:
                write.outcome = "uncertain"
            else:
                write.outcome = "refused"
                write.detail = f"{answer.status} {answer.location}"
            return None
        write.outcome = "refused"
        write.detail = f"still conflicting after {MAX_ROUNDS} rounds"
        return None

    def expire_then_save(self, page):
        """Type a figure, lose the session, save: sent to log in, told the values are kept;
        after logging in, the page shows them unsaved, and saving them works."""
        checks = self.run_.expiry
        write = self.new_write()
        write.detail = "typed before the session expired"
        fields = form_fields(page, "entry-form")
        typed = f"{write.value:,}".replace(",", ".")
        fields[f"{write.code}-value"] = typed
        self.run_.expire_session(self.browser.cookies.get("sessionid", ""))
        answer = self.browser.post(self.url, fields, "entry save")
        checks["sent to log in"] = answer.status == 302 and (
            urlsplit(answer.location).path == "/accounts/login/"
        )
        if not checks["sent to log in"]:
            write.outcome = "uncertain" if not answer.status or answer.status >= 500 else "refused"
            return None
        next_url = parse_qs(urlsplit(answer.location).query)["next"][0]
        login_page = self.browser.get(answer.location, "login")
        checks["told that nothing was saved"] = any(
            text.startswith(EXPIRED) for _level, text in messages(login_page.text)
        )
        checks["logged in again"] = self.browser.login(self.username, self.run_.password, next_url)
        restored = self.browser.get(next_url, "entry")
        fields = form_fields(restored.text, "entry-form") if restored.status == 200 else {}
        checks["typed value shown again"] = fields.get(f"{write.code}-value") == typed
        checks["told it is not saved yet"] = any(
            text.startswith(RESTORED) for _level, text in messages(restored.text)
        )
        checks["not written before the new save"] = (
            self.run_.figure_value(self.report, write.code) != write.value
        )
        if not fields:
            write.outcome, write.detail = "refused", "the restored page did not open"
            return None
        page = self.save(fields, write)
        checks["saved after logging in"] = write.outcome == "acked"
        return page


class Chief(Person):
    """Submits, returns, submits, approves; an administrator reopens; and again."""

    def __init__(self, run, username, admin, report):
        super().__init__(run, username)
        self.admin = Browser(run.base_url, run.log, f"{username}/admin")
        self.admin_name = admin
        self.report, self.url = report, f"/reports/{report}/edit/"
        self.turn = 0

    def work(self):
        self.log_in(self.admin, self.admin_name, f"{self.admin_name}/{self.username}")
        approve_next = False
        unsettled = None
        while not self.done():
            page = self.browser.get(self.url, "entry")
            if page.status != 200:
                time.sleep(1)
                continue
            status = report_status(page.text)
            if unsettled:
                # Only this chief and administrator move this report: the status now says
                # whether the step that got no answer was taken.
                written = status == TARGET[unsettled.action]
                unsettled.outcome = "uncertain, written" if written else "uncertain, not written"
                unsettled = None
            if status in ("draft", "returned"):
                action = "submit"
            elif status == "submitted":
                action = "approve" if approve_next else "return"
                approve_next = not approve_next
            else:
                action = "reopen"
            browser = self.browser
            if action == "reopen":
                browser = self.admin
                page = browser.get(self.url, "entry")
                if page.status != 200:
                    continue
            step = self.act(browser, action, csrf_token(page.text))
            if step.outcome == "uncertain":
                unsettled = step
            self.run_.pause(2, 4)

    def act(self, browser, action, token):
        self.turn += 1
        reason = ""
        if action in ("return", "reopen"):
            reason = f"Lượt {self.turn} của {self.username}: kiểm tra lại số liệu."
        user = self.admin_name if browser is self.admin else self.username
        step = Step(user, self.report, action, reason, time.monotonic())
        self.run_.steps.append(step)
        url = f"/reports/{self.report}/{action}/"
        data = {"csrfmiddlewaretoken": token, "reason": reason}
        if action in ("submit", "approve"):
            data["confirm"] = "1"  # the box "Tôi đã kiểm tra…"
        answer = browser.post(url, data, action)
        if answer.status == 302:
            # The workflow always redirects; its message says whether the step was taken.
            page = browser.get(self.url, "entry")
            if page.status != 200:
                step.outcome = "uncertain"
                return step
            shown = [text for _level, text in messages(page.text)]
            step.outcome = "acked" if DONE[action] in shown else "refused"
            step.detail = " / ".join(shown)
        elif answer.status is None or answer.status >= 500:
            step.outcome = "uncertain"
        else:
            step.outcome = "refused"
            step.detail = str(answer.status)
        return step


class Leader(Person):
    """Reads summaries, the dashboard and its charts, the roll-up and the workbooks."""

    def __init__(self, run, username, pages):
        super().__init__(run, username)
        self.pages = pages  # [(weight, label, path)]

    def work(self):
        weights = [weight for weight, _label, _path in self.pages]
        while not self.done():
            _weight, label, path = random.choices(self.pages, weights)[0]
            self.browser.get(path, label)
            self.run_.pause(1, 3)


class Probe(Person):
    """The report list every half second, every 50 ms while a fault is on: when it answers
    again is when users can work again."""

    def work(self):
        while not self.run_.over():
            self.browser.get("/", "probe")
            time.sleep(0.05 if self.run_.fast_probe.is_set() else 0.5)
