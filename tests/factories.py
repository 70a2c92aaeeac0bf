"""Builders for report files: write the text once, name the phrases, and the spans are computed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class ReportBuilder:
    """A structured report whose spans are found in its text, so tests read like the report itself."""

    def __init__(self, text: str, source: str = "Test Wire", **meta: Any) -> None:
        self.data: dict[str, Any] = {"source": source, **meta, "text": text, "entities": [], "events": [], "claims": []}

    def span(self, phrase: str, nth: int = 0) -> list[int]:
        start = -1
        for _ in range(nth + 1):
            start = self.data["text"].index(phrase, start + 1)
        return [start, start + len(phrase)]

    def entity(self, local_id: str, type_: str, name: str, *phrases: str) -> ReportBuilder:
        mentions = [{"text": p, "span": self.span(p)} for p in (phrases or (name,))]
        self.data["entities"].append({"id": local_id, "type": type_, "name": name, "mentions": mentions})
        return self

    def event(self, local_id: str, name: str, phrase: str, kind: str = "meeting") -> ReportBuilder:
        mention = {"text": phrase, "span": self.span(phrase)}
        self.data["events"].append({"id": local_id, "kind": kind, "name": name, "mentions": [mention]})
        return self

    def claim(
        self, subject: str, prop: str, value: str, phrase: str | None = None, obj: str | None = None, **qualifiers: str
    ) -> ReportBuilder:
        claim: dict[str, Any] = {
            "subject": subject,
            "property": prop,
            "value": value,
            "span": self.span(phrase or value),
        }
        if obj:
            claim["object"] = obj
        if qualifiers:
            claim["qualifiers"] = qualifiers
        self.data["claims"].append(claim)
        return self

    def write(self, folder: Path, name: str) -> Path:
        path = folder / f"{name}.json"
        path.write_text(json.dumps(self.data, indent=2), encoding="utf-8")
        return path


def meeting_report(person: str, title: str, date: str | None = None, place: str | None = None) -> ReportBuilder:
    """A one-meeting report: `person` (with `title`) meets Ali Hassan, optionally on a date in a place."""
    sentence = f"{person}, {title}, met Ali Hassan"
    if place:
        sentence += f" in {place}"
    text = sentence + " to discuss the ceasefire."
    builder = (
        ReportBuilder(text, published=date)
        .entity("p1", "person", person)
        .entity("p2", "person", "Ali Hassan")
        .event("m1", "Meeting on the ceasefire", "met")
        .claim("p1", "title", title)
        .claim("m1", "attendee", person, obj="p1")
        .claim("m1", "attendee", "Ali Hassan", obj="p2")
        .claim("m1", "topic", "the ceasefire")
    )
    if place:
        builder.entity("l1", "place", place).claim("m1", "place", place, obj="l1")
    if date:
        builder.claim("m1", "date", date, "met")
    return builder


# Values that mean something to Markdown or HTML, as reports and reviewers might write them.
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "cells": "| a | b |",
    "link": "[x](javascript:alert(1))",
    "bold": "**bold**",
    "lines": "first line\n# not a heading\n- not an item",
    "code": "`rm -rf` & &amp; ~~gone~~ _under_",
}


def titled_meeting(post: str, topic: str = "the ceasefire", source: str = "Test Wire", **meta: Any) -> ReportBuilder:
    """Badr Jamous, titled `post`, meets Ali Hassan to discuss `topic`: two of these that differ in the post
    make a finding on Jamous's title."""
    text = f"Badr Jamous, {post}, met Ali Hassan to discuss {topic}."
    return (
        ReportBuilder(text, source=source, **meta)
        .entity("p1", "person", "Badr Jamous")
        .entity("p2", "person", "Ali Hassan")
        .event("m1", "Meeting on the ceasefire", "met")
        .claim("p1", "title", post)
        .claim("m1", "attendee", "Badr Jamous", obj="p1")
        .claim("m1", "attendee", "Ali Hassan", obj="p2")
        .claim("m1", "topic", topic)
    )


def hostile_reports(folder: Path) -> Path:
    """Two reports of one meeting whose titles for Jamous differ (a finding), every value hostile: the titles,
    a topic, the source names, the report titles and the file names."""
    folder.mkdir(exist_ok=True)
    sides = {
        "a<img src=x onerror=alert(1)>": (HOSTILE["script"], HOSTILE["link"], "Wire <b>A</b> | x", HOSTILE["lines"]),
        "b[x](javascript:alert(1))": (HOSTILE["cells"], HOSTILE["bold"], HOSTILE["code"], HOSTILE["img"]),
    }
    for name, (post, topic, source, headline) in sides.items():
        titled_meeting(post, topic, source, published="2024-09-25", title=headline).write(folder, name)
    return folder
