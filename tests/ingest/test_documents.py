"""Plain reports (text, Markdown, HTML) read into Documents, and every way a file can be refused."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from reconcile import limits
from reconcile.errors import InputError
from reconcile.ingest.documents import DOCUMENT_SUFFIXES, Document, find_dateline, locate_dateline, read_document
from tests.timing import assert_as_fast_as_ordinary, ordinary_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Negotiation Commission meets US envoy | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.org/2024/09/26/snc-meets-envoy">
<meta property="article:published_time" content="2024-09-26T10:00:00Z">
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/about">About us</a></li><li><a href="/subscribe">Subscribe to our newsletter</a></li>
</ul></nav></header>
<main><article>
<h1>Negotiation Commission meets US envoy in New York</h1>
<p>The President of the Syrian Negotiation Commission, Dr. Badr Jamous, discussed in New York with the U.S.
Deputy Assistant Secretary for the Levant, Ms. Natasha Franceschi, ways to move the political file forward.</p>
<p>Jamous stressed the need for binding mechanisms to implement Security Council Resolution 2254 and said that the
international community must not abandon the Syrian people after thirteen years of war.</p>
<p>Franceschi affirmed that the United States remains committed to a political solution in Syria and to supporting
the work of the United Nations envoy in Geneva.</p>
</article></main>
<footer><p>Copyright 2024 Example News. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body>
</html>
"""

NAV_ONLY_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Example News</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/about">About us</a></li></ul></nav></header>
<footer><p>Copyright 2024 Example News. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    return caught.value.problems


def test_suffixes() -> None:
    assert DOCUMENT_SUFFIXES == (".txt", ".md", ".html", ".htm")


# --- refused inputs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "$: empty report: no text"),
        ("blank.txt", b"  \n\t\r\n \xc2\xa0\n", "$: empty report: no text"),
        ("bom.md", b"\xef\xbb\xbf\n\n", "$: empty report: no text"),
        ("blank.html", b"\n  \n", "$: empty report: no text"),
        ("nul.txt", b"Some text\x00with a NUL byte", "$: binary file, not a text report"),
        ("noise.txt", bytes(range(1, 32)) * 20, "$: binary file, not a text report"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "$: binary file, not a text report"),
        ("latin1.txt", "Rapport préliminaire".encode("latin-1"), "$: not UTF-8 text (byte 0xe9 at offset 10)"),
        ("bom-latin1.txt", b"\xef\xbb\xbfcaf\xe9", "$: not UTF-8 text (byte 0xe9 at offset 6)"),
        ("utf16.txt", "Report".encode("utf-16"), "$: not UTF-8 text (byte 0xff at offset 0)"),
        ("nav.html", NAV_ONLY_HTML.encode(), "$: no main text found in the HTML"),
        ("tags.htm", b"<html><body><div></div></body></html>", "$: no main text found in the HTML"),
        ("report.pdf", b"%PDF-1.4", "$: not a report file: the name must end in .txt, .md, .html, .htm"),
        ("front-only.md", b"---\ntitle: Only metadata\n---\n\n  \n", "$: empty report: no text"),
    ],
)
def test_bad_input(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    assert problems_of(write(tmp_path, name, content)) == [problem]


def test_unreadable_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "missing.txt") == ["$: cannot read file: No such file or directory"]
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert problems_of(folder) == ["$: cannot read file: Is a directory"]


def test_too_large_file_is_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert limits.MAX_FILE_BYTES == 5_000_000
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(52_400_000)  # sparse: takes no disk space

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(Path, "open", no_open)
    monkeypatch.setattr(Path, "read_bytes", no_open)
    assert problems_of(path) == ["$: file is 52.4 MB; reports over 5 MB are not read"]


def test_file_at_the_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1_000_000)
    assert len(read_document(write(tmp_path, "at.txt", "a" * 1_000_000)).text) == 1_000_000
    # One byte over would show as "1.0 MB", which looks within a 1 MB limit.
    assert problems_of(write(tmp_path, "over.txt", "a" * 1_000_001)) == [
        "$: file is 1,000,001 bytes; reports over 1 MB are not read"
    ]
    assert problems_of(write(tmp_path, "well-over.txt", "a" * 1_050_001)) == [
        "$: file is 1.1 MB; reports over 1 MB are not read"
    ]


@pytest.mark.parametrize(
    ("front", "problems"),
    [
        ("---\ntitle: Open\n\nBody text.\n", ["$: front matter is not closed: no '---' line after the one on line 1"]),
        (
            "---\npublished: 26 September 2024\n---\nBody.\n",
            ["$.published: not a date (line 2): '26 September 2024'; expected YYYY-MM-DD"],
        ),
        (
            "---\npublished: 2024-02-30\n---\nBody.\n",
            ["$.published: not a date (line 2): '2024-02-30'; expected YYYY-MM-DD"],
        ),
        (
            "---\nid: 'my report'\n---\nBody.\n",
            [
                "$.id: not a valid report id (line 2): 'my report'; use up to 120 letters, digits and _ . : -,"
                " starting with a letter or digit"
            ],
        ),
        ('---\ntitle: "Unclosed\n---\nBody.\n', ['$.title: unclosed quote (line 2): "Unclosed']),
        ("---\ntitle: ''\n---\nBody.\n", ["$.title: empty value (line 2)"]),
        ("---\njust words\n---\nBody.\n", ["$: front matter line 2 is not 'key: value': 'just words'"]),
        (
            "---\ntitle: One\ntitle: Two\n---\nBody.\n",
            ["$.title: front matter key given twice (lines 2 and 3)"],
        ),
        (  # a key that is not read is ignored, but not twice
            "---\ntitle: One\nlayout: post\nlayout: page\n---\nBody.\n",
            ["$.layout: front matter key given twice (lines 3 and 4)"],
        ),
        (
            "---\ntitle: Talks\ndate: March 10, 2024\n---\nBody.\n",
            ["$.date: not a date (line 3): 'March 10, 2024'; expected YYYY-MM-DD, optionally followed by a time"],
        ),
        (
            "---\ndate: 2024-02-30T09:00:00Z\n---\nBody.\n",
            ["$.date: not a date (line 2): '2024-02-30T09:00:00Z'; expected YYYY-MM-DD, optionally followed by a time"],
        ),
        (
            "---\ndate: 2024-03-10T25:00\n---\nBody.\n",
            ["$.date: not a date (line 2): '2024-03-10T25:00'; expected YYYY-MM-DD, optionally followed by a time"],
        ),
        (  # `published` wins over `date`, but a `date` that is no date is still refused
            "---\npublished: 2024-03-10\ndate: soon\n---\nBody.\n",
            ["$.date: not a date (line 3): 'soon'; expected YYYY-MM-DD, optionally followed by a time"],
        ),
        ("---\ntags: [a, b\n---\nBody.\n", ["$.tags: not a list of tags (line 2): '[a, b'; expected [a, b] or a, b"]),
        ('---\ntags: a, "b\n---\nBody.\n', ["$.tags: not a list of tags (line 2): 'a, \"b'; expected [a, b] or a, b"]),
        ("---\ntags:\n---\nBody.\n", ["$.tags: empty value (line 2)"]),
        (  # every problem at once, in line order, then the empty body; the key not read is none of them
            "---\nlang: en\nid: a\nid: b\npublished: soon\n---\n\n",
            [
                "$.id: front matter key given twice (lines 3 and 4)",
                "$.published: not a date (line 5): 'soon'; expected YYYY-MM-DD",
                "$: empty report: no text",
            ],
        ),
    ],
)
def test_bad_front_matter(tmp_path: Path, front: str, problems: list[str]) -> None:
    assert problems_of(write(tmp_path, "report.md", front)) == problems


def test_a_refused_file_gets_no_warning_about_keys_not_read(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert problems_of(write(tmp_path, "report.md", "---\nlayout: post\ndate: soon\n---\nBody.\n")) == [
        "$.date: not a date (line 3): 'soon'; expected YYYY-MM-DD, optionally followed by a time"
    ]
    assert caplog.records == []


def test_error_message_names_file_and_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", "")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: $: empty report: no text"


# --- plain text and Markdown --------------------------------------------------------------------------------------


def test_front_matter_is_parsed_and_removed(tmp_path: Path) -> None:
    body = "Jamous meets Franceschi\n\n  Indented line,  two spaces.\n\tTabbed.\n\nLast line without newline"
    content = (
        "\ufeff---\r\n"
        "id: snc-2024-09-26\r\n"
        'title: "SNC: Jamous meets Franceschi"\r\n'
        "source: 'SNC media office'\r\n"
        "published: 2024-09-26\r\n"
        "url: https://example.org/news?id=1\r\n"
        "\r\n"
        "language: en\r\n"
        "---\r\n"
        "\r\n"
        "   \r\n" + body.replace("\n", "\r\n")
    )
    document = read_document(write(tmp_path, "whatever.md", content), source="ignored")
    assert document == Document(
        id="snc-2024-09-26",
        path=str(tmp_path / "whatever.md"),
        text=body,
        source="SNC media office",
        title="SNC: Jamous meets Franceschi",
        published=dt.date(2024, 9, 26),
        url="https://example.org/news?id=1",
        language="en",
    )
    start = document.text.index("Indented")
    assert document.text[start - 2 : start] == "  "  # inner whitespace kept for spans


# A page as Hugo or Jekyll keeps it: the dateline below the headline gives another day than the front matter.
SITE_PAGE = """---
title: Talks resume in Geneva
{front}---
# Talks resume

GENEVA, March 3, 2021 - Talks resumed today.
"""


@pytest.mark.parametrize(
    "date",
    [
        "2024-03-10",
        "2024-03-10T09:00:00Z",
        "2024-03-10 09:00",
        "'2024-03-10T23:30:00.250-05:00'",  # the day as written, not the day in UTC
        '"2024-03-10 09:00:00 +0100"',
    ],
)
def test_date_is_the_publication_date(tmp_path: Path, date: str) -> None:
    document = read_document(write(tmp_path, "page.md", SITE_PAGE.format(front=f"date: {date}\n")))
    assert document.published == dt.date(2024, 3, 10)


@pytest.mark.parametrize(
    "front",
    [
        "published: 2024-03-12\ndate: 2024-03-10T09:00:00Z\n",
        "date: 2024-03-10T09:00:00Z\npublished: 2024-03-12\n",
    ],
)
def test_published_wins_over_date(tmp_path: Path, front: str) -> None:
    assert read_document(write(tmp_path, "page.md", SITE_PAGE.format(front=front))).published == dt.date(2024, 3, 12)


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("[diplomacy, Syria]", ["diplomacy", "Syria"]),
        ("diplomacy, Syria", ["diplomacy", "Syria"]),
        ("[ foreign policy ,Syria, ]", ["foreign policy", "Syria"]),
        ("[\"Geneva, talks\", 'UN']", ["Geneva, talks", "UN"]),
        ('"diplomacy", "Syria"', ["diplomacy", "Syria"]),
        ("Syria", ["Syria"]),
        ("[]", []),
    ],
)
def test_author_and_tags_are_kept(tmp_path: Path, tags: str, expected: list[str]) -> None:
    front = f'author: "Jane Doe"\ntags: {tags}\n'
    document = read_document(write(tmp_path, "page.md", SITE_PAGE.format(front=front)))
    assert document.author == "Jane Doe"
    assert document.tags == expected
    assert document.title == "Talks resume in Geneva"


def test_keys_not_read_are_ignored_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    front = "layout: post\ndraft: false\n" + "x" * 100 + ": 1\n"
    path = write(tmp_path, "page.md", SITE_PAGE.format(front=front))
    with caplog.at_level(logging.WARNING):
        document = read_document(path)
    assert document.title == "Talks resume in Geneva"
    assert document.published == dt.date(2021, 3, 3)  # from the dateline: no front matter key gave a date
    assert document.text.startswith("# Talks resume\n")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.WARNING, f"{path}: front matter key 'layout' (line 3) ignored"),
        (logging.WARNING, f"{path}: front matter key 'draft' (line 4) ignored"),
        (logging.WARNING, f"{path}: front matter key {'x' * 60!r}… (100 characters) (line 5) ignored"),
    ]


def test_partial_front_matter_falls_back_field_by_field(tmp_path: Path) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    content = "---\nlanguage: en\n---\n# Talks resume\n\nGENEVA, March 3, 2021 - Talks resumed today."
    document = read_document(write(folder, "talks.md", content))
    assert document.id == "talks"
    assert document.title == "Talks resume"  # the Markdown heading marker is not part of the title
    assert document.published == dt.date(2021, 3, 3)
    assert document.source == "wire"
    assert document.language == "en"
    assert document.url is None
    assert document.text.startswith("# Talks resume\n")


def test_text_without_front_matter_is_kept_as_written(tmp_path: Path) -> None:
    content = "\n\n  Headline  \n\nFirst paragraph.\r\nSecond line.\n\n"
    document = read_document(write(tmp_path, "plain.txt", content))
    assert document.text == "  Headline  \n\nFirst paragraph.\nSecond line.\n\n"
    assert document.title == "Headline"
    assert document.published is None
    assert document.language is None
    assert (document.author, document.tags) == (None, [])


def test_a_horizontal_rule_later_is_not_front_matter(tmp_path: Path) -> None:
    content = "Title\n---\nkey: value\n---\n"
    assert read_document(write(tmp_path, "rule.md", content)).text == content


def test_title_is_cut_at_500_characters(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "long.txt", "x" * 700 + "\nbody"))
    assert document.title == "x" * 500


@pytest.mark.parametrize(
    ("name", "source", "expected_id", "expected_source"),
    [
        ("seed.claims.txt", None, "seed", "reports"),
        ("seed.claims.txt", "Reuters", "seed", "Reuters"),
        ("my report (v2).txt", "", "my_report__v2_", "reports"),
        ("_draft.txt", None, "draft", "reports"),
        ("تقرير.txt", None, "report_", "reports"),
        ("x" * 130 + ".txt", None, "x" * 120, "reports"),
    ],
)
def test_id_and_source_without_front_matter(
    tmp_path: Path, name: str, source: str | None, expected_id: str, expected_source: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    document = read_document(write(folder, name, "Some report text."), source=source)
    assert document.id.startswith(expected_id)
    assert document.source == expected_source
    assert document.path == str(folder / name)


def test_id_from_another_script_is_stable(tmp_path: Path) -> None:
    path = write(tmp_path, "تقرير.txt", "Some report text.")
    first, second = read_document(path).id, read_document(path).id
    assert first == second
    assert len(first) == len("report_") + 12


@pytest.mark.parametrize(
    ("name", "title", "published"),
    [
        ("000_644f3aaadc5aa323.txt", "As international focus on Syria wanes, the Syrian Negotiating Commission", None),
        (
            "002_c7978846b180afeb.txt",
            "Jamous Discusses Means of Pressure in the General Assembly with Franceschi",
            dt.date(2024, 9, 26),
        ),
    ],
)
def test_seed_reports(name: str, title: str, published: dt.date | None) -> None:
    path = SEEDS / name
    document = read_document(path)
    assert document.id == name.removesuffix(".txt")
    assert document.source == "seeds"
    assert document.text == path.read_text(encoding="utf-8")
    assert document.title is not None
    assert document.title.startswith(title)
    assert document.title == document.text.split("\n", 1)[0].strip()
    assert document.published == published


# --- HTML -----------------------------------------------------------------------------------------------------------


def test_html_article(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    document = read_document(write(folder, "snc.html", ARTICLE_HTML))
    assert document.id == "snc"
    assert "Dr. Badr Jamous, discussed in New York" in document.text
    assert "Resolution 2254" in document.text
    assert document.text.rstrip().endswith("the work of the United Nations envoy in Geneva.")
    for boilerplate in ("Home", "Subscribe", "About us", "Copyright", "Privacy policy", "Terms of use"):
        assert boilerplate not in document.text
    assert document.title == "Negotiation Commission meets US envoy in New York"
    assert document.published == dt.date(2024, 9, 26)
    assert document.url == "https://news.example.org/2024/09/26/snc-meets-envoy"
    assert document.source == "Example News"
    assert document.language == "en"
    assert read_document(folder / "snc.html", source="Wire").source == "Wire"


def test_html_without_metadata_falls_back(tmp_path: Path) -> None:
    folder = tmp_path / "ministry"
    folder.mkdir()
    html = (
        "<html><body><div class='menu'><a href='/'>Home</a> | <a href='/news'>News</a></div>"
        "<div class='content'><p>ANKARA, August 24, 2022 - The Ministry welcomes the agreement reached yesterday"
        " between the parties and calls on all sides to implement it in good faith and without delay.</p></div>"
        "<div class='footer'>© 2023 Ministry. All rights reserved.</div></body></html>"
    )
    document = read_document(write(folder, "statement.htm", html))
    assert document.text.startswith("ANKARA, August 24, 2022 - The Ministry welcomes")
    assert "2023" not in document.text
    assert document.published == dt.date(2022, 8, 24)  # from the dateline, not from the footer's year
    assert document.source == "ministry"
    assert document.title == document.text
    assert document.url is None
    assert document.language is None


def page(body: str, after: str = "", html_tag: str = "<html>") -> str:
    """An article page whose one paragraph holds `body`, with `after` behind the article."""
    return f"{html_tag}<head><title>Report</title></head><body><article><p>{body}</p></article>{after}</body></html>"


def page_reader(tmp_path: Path) -> Callable[[str], Document | InputError]:
    """Write a page to one file and read it, or say why it is refused."""
    path = tmp_path / "page.html"

    def read(html: str) -> Document | InputError:
        path.write_text(html, encoding="utf-8")
        try:
            return read_document(path)
        except InputError as exc:
            return exc

    return read


@pytest.mark.parametrize(
    ("html_tag", "after", "language"),
    [
        pytest.param('<html lang="de-CH">', "", "de-CH", id="quoted"),
        pytest.param("<HTML LANG=en>", "", "en", id="upper-case-unquoted"),
        pytest.param('<html class="x">', '<!-- <html lang="fr"> -->', "fr", id="later-tag"),
        pytest.param("<html <html lang='es'>", "", "es", id="tag-inside-tag"),
        pytest.param('<html class="x">', "", None, id="none"),
    ],
)
def test_html_language_from_the_html_tag(tmp_path: Path, html_tag: str, after: str, language: str | None) -> None:
    body = "Jamous met Leaf in Ankara on Tuesday to discuss the political process and Resolution 2254."
    assert read_document(write(tmp_path, "page.html", page(body, after, html_tag))).language == language


def test_html_with_many_unclosed_html_tags_reads_in_linear_time(tmp_path: Path) -> None:
    """Each '<html' was read to the end of the page in search of a 'lang': 10,000 of them took 5 s."""
    body = "Jamous met Leaf in Ankara on Tuesday to discuss the political process and Resolution 2254."
    shape = page(body, "<!-- " + "<html " * 4_000 + " -->")
    assert_as_fast_as_ordinary(page_reader(tmp_path), shape, ordinary=lambda size: page(ordinary_text(size)))


def test_html_paragraph_of_thousands_of_elements_is_refused_quickly(tmp_path: Path) -> None:
    """trafilatura reads the text of a paragraph in time that grows with the square of the elements inside it:
    10,000 bold words in one <p> took over a second, a 5 MB page of them most of an hour."""
    shape = page("Jamous met Leaf. " + "<b>word</b> " * 10_000)
    assert_as_fast_as_ordinary(page_reader(tmp_path), shape, ordinary=lambda size: page(ordinary_text(size)))
    assert problems_of(tmp_path / "page.html") == [
        "$: a paragraph of the page holds 10,000 elements; pages with more than 5,000 in one paragraph are not read"
    ]


def test_html_paragraph_of_a_few_thousand_elements_is_read(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "page.html", page("Jamous met Leaf. " + "<b>word</b> " * 5_000)))
    assert document.text.startswith("Jamous met Leaf. word word")


# --- datelines ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("September 26, 2024\n\nThe President met...", dt.date(2024, 9, 26)),
        ("Headline\n\nSept. 26, 2024\nBody", dt.date(2024, 9, 26)),
        ("Dec. 2, 2015\nBody", dt.date(2015, 12, 2)),
        ("Sep 26 2024 — Body", dt.date(2024, 9, 26)),
        ("26 September 2024", dt.date(2024, 9, 26)),
        ("26th of September, 2024", dt.date(2024, 9, 26)),
        ("Posted on 2024-09-26 by the press office", dt.date(2024, 9, 26)),
        ("2024-09-26T10:00:00Z", dt.date(2024, 9, 26)),
        ("ANKARA, August 24, 2022 - The Ministry welcomes the agreement.", dt.date(2022, 8, 24)),
        ("INDIANAPOLIS, Ind. (Dec. 2, 2015) /PRNewswire/ -- Eli Lilly and Company announced", dt.date(2015, 12, 2)),
        ("Title\nPublished: Thursday 26 September 2024\nBody", dt.date(2024, 9, 26)),
        ("*Last updated: 3 March 2021*", dt.date(2021, 3, 3)),
        ("WASHINGTON (Reuters) - MAY 5, 2023 - Officials said", dt.date(2023, 5, 5)),
        ("February 30, 2024\nMarch 1, 2024", dt.date(2024, 3, 1)),  # an impossible date is skipped
        ("Australian climbers killed\nSEPTEMBER 16,2013 11:12AM\nBody", dt.date(2013, 9, 16)),
        ("Headline\nPublished 12:17 am, Monday, September 16,2013\nBody", dt.date(2013, 9, 16)),
        ("Headline\n10:55 P. M. FEB. 2,2009\nBody", dt.date(2009, 2, 2)),
        ("Headline\nUpdated 09/14/2013 01:03 PM\nBody", dt.date(2013, 9, 14)),
        ("Headline\nLast updated 13:26 14/09/2013\nBody", dt.date(2013, 9, 14)),
        ("11/28/05\nAftershocks jolt Qeshm", dt.date(2005, 11, 28)),
        ("Headline\nFirst Posted 23:37:00 05/05/2010\nBody", dt.date(2010, 5, 5)),
    ],
)
def test_find_dateline(text: str, expected: dt.date) -> None:
    assert find_dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Security Council Resolution 2254 calls for a ceasefire.",
        "UN Security Council Resolution 2254 was adopted on 18 December 2015 and calls for elections.",
        "The talks that began on March 3, 2021 in Geneva have stalled.",
        "Talks began at 9 am on March 3, 2021 in Geneva.",
        "Headline\nPosted 2/3/2009 11:11 PM\nBody",  # February 3 or 2 March: the outlet's order is unknown
        "Headline\nUpdated 13/13/2013\nBody",
        "Headline\nRef 12/3/2009/4\nBody",
        "Headline\n" + "A sentence of the body.\n" * 20 + "September 26, 2024\n",  # past the first lines
        "Headline\n" + "x" * 700 + "\nSeptember 26, 2024\n",  # past the first 600 characters
        "\n" * 12 + "September 26, 2024",  # the 13th line
        "February 30, 2024",
        "September 26, 2254",
        "Decree 2, 2015 and Mayor 3, 2020",
        "Phone 2024-09-261",
        "",
    ],
)
def test_find_dateline_rejects(text: str) -> None:
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "published", "expected", "body"),
    [
        ("OSLO, June 3 - Talks resumed.", dt.date(2023, 6, 9), dt.date(2023, 6, 3), "Talks resumed."),
        ("NAIROBI, Kenya, Dec. 30 (AP) -- Rains fell.", dt.date(2024, 1, 2), dt.date(2023, 12, 30), "Rains fell."),
        ("Lima, April 7 — A vote was held.", None, None, "A vote was held."),
    ],
)
def test_wire_dateline_takes_its_year_from_publication_and_the_body_starts_after_the_dash(
    text: str, published: dt.date | None, expected: dt.date | None, body: str
) -> None:
    found = locate_dateline(text, published)
    assert found is not None
    assert found[0] == expected
    assert text[found[1] :] == body


def test_a_date_inside_a_sentence_is_no_wire_dateline() -> None:
    assert (
        locate_dateline("The summit in Oslo, June 3 - the first in years - ended early.", dt.date(2023, 6, 9)) is None
    )


def test_unsure_seed_has_no_dateline() -> None:
    assert find_dateline((SEEDS / "000_644f3aaadc5aa323.txt").read_text(encoding="utf-8")) is None
