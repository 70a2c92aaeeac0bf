"""Markdown as a reader sees it: rendered by markdown-it-py (CommonMark, raw HTML passed through as many
ticket and wiki renderers do, plus GitHub's tables and strikethrough), then read back as elements and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt

RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@dataclass
class Rendered(HTMLParser):
    """Every element's tag in document order, the text a reader sees (entities decoded, whitespace runs as
    one space), and each table row's cells."""

    tags: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)
    in_cell: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag: str) -> None:
        self.in_cell = self.in_cell and tag not in ("td", "th")

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        if self.in_cell:
            self.rows[-1][-1] += data

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())


def render(markdown: str) -> Rendered:
    page = Rendered()
    page.feed(RENDERER.render(markdown))
    page.close()
    return page
