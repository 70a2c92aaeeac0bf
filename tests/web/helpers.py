"""What the web tests share: a parser that reads a page as a browser's DOM would hold it, and reports whose
text carries markup, so escaping is tested on a real run of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from tests.factories import ReportBuilder

SERVED = "http://127.0.0.1:8000"  # what the test client's requests are addressed to, as `serve` is started
SCRIPT = "<script>alert(1)</script>"
BOLD_TOPIC = "the <b>ceasefire</b>"


@dataclass
class Node:
    """An element the tests look for, with its attributes and the text inside it (entities decoded)."""

    tag: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    """Marks, sections, scripts, alerts and every element, in document order; `runs` are the highlighted
    stretches of text as a reader sees them (adjacent marks joined)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[Node] = []
        self.sections: list[Node] = []
        self.scripts: list[Node] = []
        self.elements: list[Node] = []
        self.runs: list[str] = []
        self._open: list[Node] = []
        self._after_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self._after_mark = self._after_mark and tag == "mark"
        self.elements.append(node)
        {"mark": self.marks, "section": self.sections, "script": self.scripts}.get(tag, []).append(node)
        if tag not in ("input", "meta", "br", "img", "link"):
            self._open.append(node)

    def handle_endtag(self, tag: str) -> None:
        self._after_mark = tag == "mark"
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1].tag == "mark":
            if self._after_mark and self.runs:
                self.runs[-1] += data
            else:
                self.runs.append(data)
        self._after_mark = False
        for node in self._open:
            node.text += data

    def by_id(self, element_id: str) -> Node:
        [node] = [n for n in self.elements if n.attrs.get("id") == element_id]
        return node

    def alerts(self) -> list[str]:
        return [" ".join(n.text.split()) for n in self.elements if n.attrs.get("role") == "alert"]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def script_reports(folder: Path) -> Path:
    """Two reports of one meeting that disagree on Jamous's title; one carries a script and bold tags in its text
    (the tags inside a claim's span, so the highlight itself must escape), its title and its source name."""
    folder.mkdir(exist_ok=True)
    texts = {
        "a_script": f"Badr Jamous, head of the SNC, met Ali Hassan to discuss {BOLD_TOPIC}. {SCRIPT} was pasted here.",
        "b_plain": "Badr Jamous, Minister of Finance, met Ali Hassan to discuss the ceasefire.",
    }
    titles = {"a_script": "head of the SNC", "b_plain": "Minister of Finance"}
    topics = {"a_script": BOLD_TOPIC, "b_plain": "the ceasefire"}
    for name, text in texts.items():
        meta = {"title": "Jamous <i>meets</i> Hassan"} if name == "a_script" else {}
        source = "Wire <b>A</b>" if name == "a_script" else "Wire B"
        (
            ReportBuilder(text, source=source, published="2024-09-25", **meta)
            .entity("p1", "person", "Badr Jamous")
            .entity("p2", "person", "Ali Hassan")
            .event("m1", "Meeting on the ceasefire", "met")
            .claim("p1", "title", titles[name])
            .claim("m1", "attendee", "Badr Jamous", obj="p1")
            .claim("m1", "attendee", "Ali Hassan", obj="p2")
            .claim("m1", "topic", topics[name])
            .write(folder, name)
        )
    return folder
