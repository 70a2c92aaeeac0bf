"""The command line: parse arguments, open one session, call one service, print, map errors to exit codes."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from reconcile import __version__, db, drops, settings
from reconcile.errors import InputError, ReconcileError
from reconcile.ingest.load import Outcome
from reconcile.lock import Turns
from reconcile.models import TargetKind, utcnow
from reconcile.pipeline import IngestSummary, MatchSummary, ReadOptions, extract_files, ingest, input_files, match
from reconcile.report.build import build_report
from reconcile.report.extracted import render_extracted
from reconcile.report.html import html_report
from reconcile.report.render import FORMATS, render_json, render_markdown
from reconcile.report.table import render_table
from reconcile.resolve.aliases import AliasBook, load_aliases
from reconcile.review.decisions import ACTIONS, STRIKE, WITHDRAW, Ruling
from reconcile.review.export import build_export
from reconcile.review.export_render import FORMATS as EXPORT_FORMATS
from reconcile.review.export_render import render_export
from reconcile.review.queue import KINDS, STATUSES, find, queue_page, trail
from reconcile.review.render import item_data, queue_data, render_history, render_item, render_queue
from reconcile.review.runs import diff_runs, record_run
from reconcile.review.runs_render import FORMATS as DIFF_FORMATS
from reconcile.review.runs_render import render_diff
from reconcile.review.service import decide, decide_claim, decide_entities, decide_link
from reconcile.review.thread import REPORT_STATUSES, only, with_review
from reconcile.review.walk import Walk, answer, next_item, prompt_for

GLOBAL_FLAGS = ("--debug",)
GLOBAL_OPTIONS = ("--db", "--wait")  # each takes a value


def hoist_global_options(args: list[str]) -> list[str]:
    """The arguments with --db, --debug and --wait moved in front of the subcommand, wherever they were written.

    Users write `reconcile run FILES --db URL` as often as `reconcile --db URL run FILES`; click reads options
    of the main command only before the subcommand. Everything after `--` is left as it is.
    """
    front: list[str] = []
    rest: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word in GLOBAL_FLAGS or word.split("=", 1)[0] in GLOBAL_OPTIONS:
            front.append(word)
            if word in GLOBAL_OPTIONS:  # `--db URL`: the value is the next word
                front.extend(islice(words, 1))
        else:
            rest.append(word)
    return front + rest


class _MainGroup(typer.core.TyperGroup):
    """The top command: takes the global options anywhere on the line."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))


class _Argument(typer.core.TyperArgument):
    """An argument shown by its metavar alone, as in man pages: no Python type beside it, no braces."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.metavar or (self.name or "").upper()
        return name if self.required else f"[{name}]"


class _Command(typer.core.TyperCommand):
    """A command whose help names arguments for people; Typer would show `{paths}...  <list[Path]>`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is typer.core.TyperArgument:
                param.__class__ = _Argument  # same state, other display; Typer builds its parameters itself


app = typer.Typer(
    cls=_MainGroup,
    help="Reconcile reports of the same events: store their claims, align them across sources, and show "
    "with evidence where they agree, what only some add, and where they conflict.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
db_app = typer.Typer(help="Create or change the database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")
review_app = typer.Typer(
    help="Settle findings and uncertain event links: list the queue, read the evidence, decide. Every decision "
    "is kept; a new one supersedes the last and `review history` shows the trail.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")

stderr = Console(stderr=True, highlight=False)
EXTRACT_FORMATS = ("json", "table")
DECISION_ACTIONS = tuple(dict.fromkeys(action for actions in ACTIONS.values() for action in actions))
PROGRESS_FROM = 4  # batches of more files than a glance takes get a progress bar


def _completes(values: tuple[str, ...]) -> Callable[[str], list[str]]:
    """Shell completion for an option with fixed values: the ones that start as typed."""

    def complete(incomplete: str) -> list[str]:
        return [value for value in values if value.startswith(incomplete)]

    return complete


class _Warnings(logging.Handler):
    """What the layers below warn of (a front matter key ignored), on stderr as 'Warning: ...' beside the
    'Error: ...' lines, written to whatever stderr is now (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(f"Warning: {record.getMessage()}", err=True)


def _warn_on_stderr() -> None:
    logger = logging.getLogger("reconcile")
    if not any(isinstance(handler, _Warnings) for handler in logger.handlers):
        logger.addHandler(_Warnings(logging.WARNING))


def _format_option(formats: tuple[str, ...], help: str) -> Any:
    """A --format/-f option whose values the shell completes."""
    return typer.Option("--format", "-f", metavar="FORMAT", autocompletion=_completes(formats), help=help)


def _show_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"reconcile {__version__}")
        raise typer.Exit()


@dataclass
class State:
    url: str
    debug: bool
    wait: float

    @property
    def turns(self) -> Turns:
        """This command's turn at the store lock: wait up to --wait, saying once on stderr whom it waits for."""
        return Turns(self.wait, lambda message: stderr.print(message, markup=False))


@app.callback()
def main(
    ctx: typer.Context,
    database: Annotated[
        str | None,
        typer.Option(
            "--db", metavar="URL", help="Database URL (default: $RECONCILE_DATABASE_URL, else sqlite:///reconcile.db)."
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks instead of one-line errors.")] = False,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            envvar="RECONCILE_LOCK_WAIT",
            min=0,
            metavar="SECONDS",
            help="How long a command that changes the store (run, ingest, match, a decision on a link or entity pair) "
            "waits for another such command to finish before giving up with exit code 75 (default: 600).",
        ),
    ] = settings.LOCK_WAIT_SECONDS,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    _warn_on_stderr()
    ctx.obj = State(settings.database_url(database), debug, wait)


@contextmanager
def user_errors(state: State) -> Iterator[None]:
    """Known failures become 'Error: ...' on stderr and their exit code; --debug keeps the traceback."""
    try:
        yield
    except ReconcileError as exc:
        if state.debug:
            raise
        for line in str(exc).splitlines():
            typer.echo(f"Error: {line}", err=True)
        raise typer.Exit(exc.exit_code) from None


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATHS...",
        help="Report files or folders of them: structured JSON (schemas/report.schema.json), or plain reports "
        "(.txt, .md, .html) whose claims are extracted from the text.",
        show_default=False,
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source", metavar="OUTLET", help="Outlet of plain reports without front matter (default: the folder's name)."
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--nlp-model",
        metavar="MODEL",
        help="How plain reports are read (default: $RECONCILE_NLP_MODEL, else pipeline): 'pipeline' (the English "
        "pipeline shipped with reconcile, "
        "whose parse and entity types the claim rules read), 'rules' (capitals and word lists only, about twenty "
        "times faster), 'news' (the older entity model shipped with reconcile) or an installed spaCy pipeline "
        "with a parser and entities (e.g. en_core_web_sm).",
    ),
]
AliasesOpt = Annotated[
    Path | None,
    typer.Option(
        "--aliases", metavar="FILE", help="JSON file of names that are one entity (schemas/aliases.schema.json)."
    ),
]
FormatOpt = Annotated[
    str,
    _format_option(FORMATS, "table, markdown, json, or html (a self-contained page; needs -o FILE)."),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the report to this file.")
]


@app.command("ingest", cls=_Command)
def ingest_command(ctx: typer.Context, paths: PathsArg, source: SourceOpt = None, nlp_model: ModelOpt = None) -> None:
    """Validate report files and store each whole or not at all; unchanged reports are skipped."""
    state: State = ctx.obj
    with user_errors(state):
        _check_inputs(paths)
        engine = db.open_database(state.url)
        with state.turns.hold(engine, "ingest"):
            summary = _ingest(engine, paths, ReadOptions(source, nlp_model))
    _exit_on_failures(summary)


@app.command("extract", cls=_Command)
def extract_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATHS...", help="Plain reports (.txt, .md, .html) or folders of them.", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Folder to write each report's claims into as ID.claims.json (made if missing); without it, "
            "one report's claims go to stdout.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        _format_option(EXTRACT_FORMATS, "json (the report schema, ready to ingest) or table (to read)."),
    ] = "json",
    source: SourceOpt = None,
    nlp_model: ModelOpt = None,
) -> None:
    """Extract claims from plain reports without touching a database: read them, correct them, ingest the files.

    Each report's text, entities, events and claims (spans and the rule behind each) are written in the format
    of fixtures/gold/ and checked against schemas/report.schema.json, so `reconcile ingest` takes them as they
    are. It is a plain map over files: split a large batch and run the parts in parallel with any job runner.
    """
    state = State("", False, 0)
    with user_errors(state):
        if fmt not in EXTRACT_FORMATS:
            raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(EXTRACT_FORMATS)}", param_hint="'--format'")
        _check_inputs(paths)
        files = input_files(paths)
        if output is None and fmt == "json" and len(files) > 1:
            raise ReconcileError(f"{len(files)} reports to extract: give a folder to write them into with -o DIR")
        if output is not None:
            output.mkdir(parents=True, exist_ok=True)
        failures = 0
        console = Console(highlight=False)
        with _progress(len(files), "Extracting") as advance:
            for result in extract_files(files, ReadOptions(source, nlp_model)):
                advance()
                if isinstance(result, ReconcileError):
                    failures += 1
                    for line in str(result).splitlines():
                        typer.echo(f"Error: {line}", err=True)
                elif fmt == "table":
                    render_extracted(result, console)
                elif output is None:
                    typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
                else:
                    target = output / f"{result['id']}.claims.json"
                    target.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if output is not None:
            stderr.print(f"Extract: {len(files) - failures} of {len(files)} reports written to {output}.")
        if failures:
            raise typer.Exit(1)


@app.command("match", cls=_Command)
def match_command(ctx: typer.Context, aliases: AliasesOpt = None) -> None:
    """Resolve entities and events across stored reports and update the findings of what changed."""
    state: State = ctx.obj
    with user_errors(state):
        book = load_aliases(aliases)
        engine = db.open_database(state.url)
        with state.turns.hold(engine, "match"):
            started = utcnow()
            _match(engine, book)
            _record_run(engine, "match", started, [], None)


@app.command("report", cls=_Command)
def report_command(
    ctx: typer.Context,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    status: Annotated[
        str,
        typer.Option(
            metavar="STATUS",
            autocompletion=_completes((*REPORT_STATUSES, "all")),
            help="Only findings and links of this review status: open (still to decide), decided, reopened "
            "(accepted, then contradicted by a newer report), agreed, or all.",
        ),
    ] = "all",
) -> None:
    """Show the findings: conflicts first, each value with its report and evidence sentence, each finding with
    its id (for `reconcile review show`) and review status."""
    state: State = ctx.obj
    if status not in (*REPORT_STATUSES, "all"):
        raise typer.BadParameter(
            f"{status!r} is not one of {', '.join((*REPORT_STATUSES, 'all'))}", param_hint="'--status'"
        )
    with user_errors(state):
        _check_report_options(fmt, output)
        engine = db.open_database(state.url, create=False)
        _report(engine, fmt, output, status)


@app.command("run", cls=_Command)
def run_command(
    ctx: typer.Context,
    paths: PathsArg,
    aliases: AliasesOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    source: SourceOpt = None,
    nlp_model: ModelOpt = None,
) -> None:
    """The main job: ingest PATHS, match, and print the report. Safe to repeat: unchanged input changes nothing."""
    state: State = ctx.obj
    with user_errors(state):
        _check_inputs(paths)
        _check_report_options(fmt, output)
        book = load_aliases(aliases)
        engine = db.open_database(state.url)
        with state.turns.hold(engine, "run"):
            started = utcnow()
            summary = _ingest(engine, paths, ReadOptions(source, nlp_model))
            _match(engine, book)
            _record_run(engine, "run", started, paths, summary)
        _report(engine, fmt, output)
    _exit_on_failures(summary)


@app.command("serve", cls=_Command)
def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(metavar="ADDRESS", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME[:PORT]",
            help="Also answer requests addressed to this name (NAME or NAME:PORT; without a port, on any port), "
            "e.g. the name a proxy serves the app under. Repeatable. Requests naming any other host are refused.",
        ),
    ] = None,
) -> None:
    """Review in the browser: the queue, each item's evidence side by side, and the decisions of `review decide`."""
    # Imported here: the web stack costs every other command half a second of start-up.
    import uvicorn

    from reconcile.web.app import create_app
    from reconcile.web.hosts import Hosts, as_host

    state: State = ctx.obj
    try:
        hosts = Hosts.serving(host, port, allow_host or ())
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--allow-host' or '--host'") from None
    with user_errors(state):
        engine = db.open_database(state.url, create=False)
    stderr.print(f"Review queue at http://{as_host(host)}:{port}/ (Ctrl+C stops).")
    uvicorn.run(create_app(engine, hosts), host=host, port=port, log_level="warning")


StatusOpt = Annotated[
    str,
    typer.Option(
        metavar="STATUS",
        autocompletion=_completes((*STATUSES, "all")),
        help="open, decided, reopened (accepted, then contradicted by a newer report), or all.",
    ),
]
NoteOpt = Annotated[str, typer.Option(metavar="TEXT", help="Why: kept with the decision.")]
ReviewerOpt = Annotated[
    str | None,
    typer.Option(metavar="NAME", help="Who decides (default: $RECONCILE_REVIEWER, else the OS user)."),
]


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table, for scripts.")]
ItemArg = Annotated[
    str, typer.Argument(metavar="ID", help="The item's id from `reconcile review list`: F… a finding, L… a link.")
]


@review_app.command("list", cls=_Command)
def review_list(
    ctx: typer.Context,
    status: StatusOpt = "open",
    kind: Annotated[
        str | None,
        typer.Option(
            metavar="KIND",
            autocompletion=_completes(KINDS),
            help="Only this kind: conflict, update, variant, addition, link or entities.",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="At most this many items (default: all).")
    ] = None,
    offset: Annotated[
        int, typer.Option(min=0, metavar="N", help="Skip this many items first, e.g. for the next page.")
    ] = 0,
    as_json: JsonOpt = False,
) -> None:
    """The review queue: conflicts first, then uncertain event links, variants and additions."""
    state: State = ctx.obj
    if status not in (*STATUSES, "all"):
        raise typer.BadParameter(f"{status!r} is not one of {', '.join((*STATUSES, 'all'))}", param_hint="'--status'")
    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"{kind!r} is not one of {', '.join(KINDS)}", param_hint="'--kind'")
    with _reading(state) as session:
        page = queue_page(session, None if status == "all" else status, kind, limit, offset)
        if as_json:
            _print_json(queue_data(page))
        else:
            render_queue(page, Console())


@review_app.command("show", cls=_Command)
def review_show(ctx: typer.Context, item: ItemArg, as_json: JsonOpt = False) -> None:
    """One item: each report's value side by side with its evidence sentence, and the live decision."""
    with _reading(ctx.obj) as session:
        found = find(session, item)
        if as_json:
            _print_json(item_data(found))
        else:
            render_item(found, Console())


@review_app.command("decide", cls=_Command)
def review_decide(
    ctx: typer.Context,
    item: ItemArg,
    action: Annotated[
        str,
        typer.Argument(
            metavar="ACTION",
            autocompletion=_completes(DECISION_ACTIONS),
            help="For a finding: accept (publish VALUE), dispute (publish as disputed), reject (the finding is "
            "wrong). For an event link: same or different.",
        ),
    ],
    value: Annotated[str | None, typer.Argument(metavar="VALUE", help="With accept: the value to publish.")] = None,
    note: NoteOpt = "",
    reviewer: ReviewerOpt = None,
    source: Annotated[
        str | None,
        typer.Option(metavar="SOURCE", help="With accept: where a corrected value (one no report gives) comes from."),
    ] = None,
) -> None:
    """Record a decision. A decision on an event link re-clusters the two events at once."""
    state: State = ctx.obj
    with user_errors(state):
        engine = db.open_database(state.url, create=False)
        ruling = Ruling(action, value, source, note, reviewer if reviewer is not None else settings.default_reviewer())
        decision_id = decide(engine, item, ruling, state.turns)
    stderr.print(f"Decided {item}: {action}{f' {value!r}' if value else ''} (decision {decision_id}).", markup=False)


@review_app.command("link", cls=_Command)
def review_link(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="EVENT_A", help="An event's id as the report shows it (V12).")],
    second: Annotated[str, typer.Argument(metavar="EVENT_B", help="The other event's id.")],
    action: Annotated[
        str,
        typer.Argument(
            metavar="ACTION",
            autocompletion=_completes(ACTIONS[TargetKind.link]),
            help="same (one event: merge them), different (two: never merge them), or withdraw.",
        ),
    ],
    note: NoteOpt = "",
    reviewer: ReviewerOpt = None,
) -> None:
    """Rule that two events are one or two, whether or not the matcher paired them. Both are re-clustered at once;
    every later run obeys, and the ruling is an item of the queue (`review show L…`)."""
    _rule(ctx.obj, partial(decide_link, first=first, second=second), action, note, reviewer, f"{first} {second}")


EntityArg = Annotated[str, typer.Argument(metavar="ENTITY_A", help="An entity's id as the report shows it (E12).")]
OtherEntityArg = Annotated[str, typer.Argument(metavar="ENTITY_B", help="The other entity's id, of the same type.")]


def _entity_ruling(action: str, doc: str) -> None:
    """`review merge` and `review split`: one command each, alike but for the ruling they record."""

    def command(
        ctx: typer.Context, first: EntityArg, second: OtherEntityArg, note: NoteOpt = "", reviewer: ReviewerOpt = None
    ) -> None:
        _rule(
            ctx.obj, partial(decide_entities, first=first, second=second), action, note, reviewer, f"{first} {second}"
        )

    command.__doc__ = doc
    review_app.command(action, cls=_Command)(command)


_entity_ruling(
    "merge",
    """Rule that two entities of one type are one, whether or not the matcher proposed the pair; `review split`
    takes it back.""",
)
_entity_ruling(
    "split",
    """Rule that two entities are two: a merge of them in force is taken back (each gets its own mentions again),
    and the resolver never joins them from then on.""",
)


def _rule(state: State, record: Callable[..., int], action: str, note: str, reviewer: str | None, named: str) -> None:
    """Record a ruling on two subjects the reviewer names, and say what was recorded."""
    with user_errors(state):
        engine = db.open_database(state.url, create=False)
        who = reviewer if reviewer is not None else settings.default_reviewer()
        decision_id = record(engine, ruling=Ruling(action, note=note, reviewer=who), turns=state.turns)
    stderr.print(f"Decided {named}: {action} (decision {decision_id}).", markup=False)


@review_app.command("strike", cls=_Command)
def review_strike(
    ctx: typer.Context,
    claim: Annotated[
        str, typer.Argument(metavar="CLAIM", help="The claim's id, given beside each value in the report (C12).")
    ],
    withdraw: Annotated[bool, typer.Option("--withdraw", help="Take the strike back: the claim counts again.")] = False,
    note: NoteOpt = "",
    reviewer: ReviewerOpt = None,
) -> None:
    """Strike a claim out as an extraction error: the matcher leaves it out of every comparison, at once and on every
    later run, until the strike is withdrawn. `review history CLAIM` shows the trail."""
    action = WITHDRAW if withdraw else STRIKE
    _rule(ctx.obj, partial(decide_claim, claim=claim), action, note, reviewer, claim)


@review_app.command("next", cls=_Command)
def review_next(
    ctx: typer.Context,
    reviewer: ReviewerOpt = None,
) -> None:
    """Walk the open queue, conflicts first, one key per answer: u undoes the walk's last decision, s skips,
    q or Ctrl-C stops. Every answer is saved at once, so stopping loses nothing already decided."""
    state: State = ctx.obj
    with user_errors(state):
        walk = Walk(
            db.open_database(state.url, create=False),
            reviewer if reviewer is not None else settings.default_reviewer(),
            state.turns,
        )
        console = Console()
        try:
            while (item := next_item(walk)) is not None:
                render_item(item, console)
                console.print(prompt_for(item), markup=False)
                say = partial(console.print, markup=False)  # what it says quotes values, which may hold [brackets]
                if not answer(walk, item, _key(), lambda values: _choose(values, console), say):
                    break
            else:
                console.print("The open queue is empty.")
        except KeyboardInterrupt:
            stderr.print(f"Stopped: {len(walk.decided)} decision(s) of this walk kept.")
            raise typer.Exit(130) from None
    stderr.print(f"{len(walk.decided)} decision(s) recorded in this walk.")


def _key() -> str:
    """One key, no Enter, at a terminal. Without one (a pipe, a file, a job runner) the answers are the next
    non-blank character of standard input, so `printf 'a1q' | reconcile review next` and one answer per line both
    work; reading the terminal there would fail. Ctrl-C stops the walk, and the end of input ends it."""
    key = typer.getchar() if sys.stdin.isatty() else _next_answer()
    if key == "\x03":
        raise KeyboardInterrupt
    return key or "q"


def _next_answer() -> str:
    """The next character of standard input that is not blank ('' at its end)."""
    while (char := sys.stdin.read(1)) and char.isspace():
        pass
    return char


def _choose(values: tuple[str, ...], console: Console) -> str | None:
    """The value to publish, by its number (the first nine: a longer list is decided with `review decide`)."""
    for number, value in enumerate(values[:9], 1):
        console.print(f"  [{number}] {value}", markup=False)
    key = _key()
    return values[int(key) - 1] if key.isdigit() and 1 <= int(key) <= min(len(values), 9) else None


@review_app.command("history", cls=_Command)
def review_history(ctx: typer.Context, item: ItemArg) -> None:
    """Every decision ever taken on an item, oldest first; the live one is marked."""
    with _reading(ctx.obj) as session:
        found, decisions = trail(session, item)
        render_history(found, decisions, Console())


@app.command("export", cls=_Command)
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        _format_option(
            EXPORT_FORMATS, "json, jsonl (JSON Lines: one record per line), csv (one row per property) or markdown."
        ),
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the records to this file.")
    ] = None,
) -> None:
    """Merged records, one per entity, event and uncertain event link: each property's published value, its status
    (agreed, accepted, disputed, open), the reports for and against it with their evidence, and the decision."""
    state: State = ctx.obj
    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(EXPORT_FORMATS)}", param_hint="'--format'")
    with user_errors(state):
        _check_output(output, "the records")
    with _reading(state) as session:
        text = render_export(build_export(session), fmt)
    _emit(text, output)


@app.command("diff", cls=_Command)
def diff_command(
    ctx: typer.Context,
    run_a: Annotated[
        int | None, typer.Argument(metavar="RUN_A", help="The earlier run's id (default: the last run but one).")
    ] = None,
    run_b: Annotated[
        int | None, typer.Argument(metavar="RUN_B", help="The later run's id (default: the last run).")
    ] = None,
    fmt: Annotated[
        str,
        _format_option(DIFF_FORMATS, "text or json."),
    ] = "text",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Findings new, resolved or changed (kind, severity or values) from RUN_A to RUN_B; every `reconcile run` and
    `reconcile match` is recorded as a run."""
    state: State = ctx.obj
    if fmt not in DIFF_FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(DIFF_FORMATS)}", param_hint="'--format'")
    if (run_a is None) != (run_b is None):
        raise typer.BadParameter("give two runs to compare, or none for the last two", param_hint="RUN_A RUN_B")
    with _reading(state) as session:
        text = render_diff(diff_runs(session, run_a, run_b), "json" if as_json else fmt)
    typer.echo(text, nl=False)


@db_app.command("upgrade", cls=_Command)
def db_upgrade(
    ctx: typer.Context, revision: Annotated[str, typer.Argument(metavar="REVISION", help="Target revision.")] = "head"
) -> None:
    """Create the schema or bring it up to REVISION (default: the newest); values a downgrade set aside come back."""
    state: State = ctx.obj
    with user_errors(state):
        engine = db.make_engine(state.url)
        db.upgrade(engine, revision)
        stderr.print(f"Database at schema {db.current_revision(engine)}.")


@db_app.command("downgrade", cls=_Command)
def db_downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(metavar="REVISION", help="Target revision ('base' removes every table).")],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Delete what the downgrade drops. Without it, a downgrade that would delete rows (decisions, runs, "
            "reports...) changes nothing and says what it would delete.",
        ),
    ] = False,
) -> None:
    """Take the schema back to REVISION. A column it drops is kept aside and restored by `db upgrade`."""
    state: State = ctx.obj
    with user_errors(state):
        engine = db.make_engine(state.url)
        done = db.downgrade(engine, revision, force)
        stderr.print(f"Database at schema {db.current_revision(engine) or 'base'}.")
    if done.deleted:
        typer.echo(f"Deleted {drops.listed(done.deleted)}.", err=True)
    if done.kept:
        them = "it" if len(done.kept) == 1 else "them"
        typer.echo(f"Kept {drops.listed(done.kept)} aside; `reconcile db upgrade` puts {them} back.", err=True)


@db_app.command("current", cls=_Command)
def db_current(ctx: typer.Context) -> None:
    """Print the schema revision the database is at."""
    state: State = ctx.obj
    with user_errors(state):
        engine = db.make_engine(state.url)
        revision = db.current_revision(engine)
        typer.echo(revision or "base (no schema)")


@contextmanager
def _reading(state: State) -> Iterator[Session]:
    """A session for a command that only reads and prints, with errors as one line each."""
    with user_errors(state):
        engine = db.open_database(state.url, create=False)
        with db.session_scope(engine, writes=False) as session:
            yield session


def _ingest(engine: Engine, paths: list[Path], options: ReadOptions) -> IngestSummary:
    files = input_files(paths)
    with _progress(len(files), "Ingesting") as advance:
        summary = ingest(engine, files, progress=lambda _path: advance(), options=options)
    stored = ", ".join(f"{summary.count(o)} {o.value}" for o in Outcome)
    stderr.print(f"Ingest: {len(files)} files: {stored}, {len(summary.failures)} failed.")
    for failure in summary.failures:
        for line in str(failure).splitlines():
            typer.echo(f"Error: {line}", err=True)
    return summary


def _match(engine: Engine, aliases: AliasBook) -> MatchSummary:
    with db.session_scope(engine) as session, stderr.status("Matching…"):
        result = match(session, aliases)
    stderr.print(
        f"Match: {result.entities.mentions} new mentions -> {result.entities.new_entities} new entities; "
        f"{result.events.mentions} new event mentions, {result.events.pairs} pairs scored "
        f"({result.events.same} same, {result.events.uncertain} uncertain); "
        f"{result.findings.findings} findings for {result.findings.entities} entities, "
        f"{result.findings.events} events, {result.findings.links} links."
    )
    return result


def _record_run(
    engine: Engine, command: str, started: dt.datetime, paths: list[Path], summary: IngestSummary | None
) -> None:
    """Log the run and the findings it added, changed or removed, which `reconcile diff` compares."""
    counts = {} if summary is None else {o.value: summary.count(o) for o in Outcome} | {"failed": len(summary.failures)}
    with db.session_scope(engine) as session:
        record_run(session, command, started, [str(p) for p in paths], counts)


def _report(engine: Engine, fmt: str, output: Path | None, status: str = "all") -> None:
    with db.session_scope(engine, writes=False) as session:
        data = with_review(session, build_report(session))
        if status != "all":
            data = only(data, status)
        page = html_report(session, data) if fmt == "html" else ""
    if fmt == "html":
        text = page
    elif fmt == "json":
        text = render_json(data)
    elif fmt == "markdown":
        text = render_markdown(data)
    else:
        console = Console(
            file=output.open("w", encoding="utf-8") if output else sys.stdout, width=160 if output else None
        )
        render_table(data, console)
        return
    _emit(text, output)


def _check_report_options(fmt: str, output: Path | None) -> None:
    """Before any work is done: a run that cannot deliver its report should not start."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="'--format'")
    if fmt == "html" and output is None:
        raise ReconcileError("--format html writes a page to a file: give it with -o FILE")
    _check_output(output, "the report")


def _check_inputs(paths: list[Path]) -> None:
    """Before anything is written: a path that names nothing is a typo, and a batch with a typo should not start."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise InputError(str(missing[0]), ["no such file or directory"])


def _check_output(output: Path | None, what: str) -> None:
    """Before reading anything: a command that cannot write its output should not start."""
    if output is not None and not output.parent.is_dir():
        raise ReconcileError(f"{output}: cannot write {what}: folder {output.parent} does not exist")


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _emit(text: str, output: Path | None) -> None:
    """The command's output to the file given, else to stdout as it is."""
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def _exit_on_failures(summary: IngestSummary) -> None:
    if summary.failures:
        raise typer.Exit(1)


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for batches worth one; a no-op for a handful of files."""
    if total < PROGRESS_FROM or not stderr.is_terminal:
        yield lambda: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)
