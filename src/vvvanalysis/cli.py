"""The `vvv` command: render, execute, validate and scaffold evaluation rounds.

Errors a user can fix are one plain line and exit code 2; --debug shows the traceback.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

from vvvanalysis.errors import VVVError

EXIT_USER_ERROR = 2
EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    """Usage mistakes are one line too, like every other error."""

    def error(self, message: str):
        self.exit(EXIT_USER_ERROR, f"vvv: error: {message}. Fix: see '{self.prog} --help'\n")


def _round_name(value: str) -> str:
    """--round takes a round's name under data/ ('midterm'), never a path: nothing is read or built elsewhere."""
    from vvvanalysis.paths import ROUND_NAME

    if not ROUND_NAME.match(value):
        from vvvanalysis.errors import ConfigError

        raise ConfigError(f"'{value}' is not a valid round name", expected="lower-case letters, digits, '-' or '_'",
                          hint="pass the name of a folder under data/, like 'midterm' or 'final'")
    return value


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="vvv", description="Venner Viser Vej II evaluation reports, one round at a time.")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("render", help="validate, execute notebooks (cached) and render the report")
    r.add_argument("--round", required=True, type=_round_name, help="round name, e.g. midterm or final")
    r.add_argument("--to", default="html,pdf,docx", help="comma-separated formats: html,pdf,docx")
    r.add_argument("--engine", default="auto", choices=["auto", "quarto", "builtin"])
    r.add_argument("--jobs", type=int, default=0, help="parallel notebooks (default: one per core)")
    r.add_argument("--force", action="store_true", help="re-run every notebook")

    e = sub.add_parser("execute", help="validate data and execute the round's notebooks (cached)")
    e.add_argument("--round", required=True, type=_round_name)
    e.add_argument("--jobs", type=int, default=0)
    e.add_argument("--force", action="store_true")

    w = sub.add_parser("preview", help="serve the round's HTML on 127.0.0.1 and rebuild it on every save")
    w.add_argument("--round", required=True)
    w.add_argument("--port", type=int, default=4848, help="port on 127.0.0.1 (0: any free port)")
    w.add_argument("--engine", default="builtin", choices=["builtin", "quarto"])
    w.add_argument("--jobs", type=int, default=0, help="warm kernels (default: one per core)")
    w.add_argument("--open", action="store_true", help="open the page in the default browser")

    v = sub.add_parser("validate", help="check every data file of a round against its schema")
    v.add_argument("--round", required=True, type=_round_name)

    i = sub.add_parser("import", help="rebuild the round's tables from raw respondent-level exports (import.yml)")
    i.add_argument("--round", required=True)

    k = sub.add_parser("keys", help="list every inline number of a round: value, description, data rows, chapter lines")
    k.add_argument("--round", type=_round_name, help="round name (default with --markdown: every round)")
    k.add_argument("--measure", action="store_true", help="measure the data rows of every key again (minutes)")
    k.add_argument("--markdown", action="store_true", help="write docs/noegletal.md for every round")

    c = sub.add_parser("comments", help="trace a reviewer's Word comments and tracked changes to chapter lines and data rows")
    c.add_argument("--round", required=True, type=_round_name)
    c.add_argument("docx", help="the DOCX vvv rendered, as the reviewer returned it")

    g = sub.add_parser("changes", help="what changed in the report's text since a git revision (HTML or DOCX redline)")
    g.add_argument("--round", required=True, type=_round_name)
    g.add_argument("--since", required=True, help="git revision to compare with, e.g. HEAD or a tag")
    g.add_argument("--to", default="html", choices=["html", "docx"])

    n = sub.add_parser("new-round", help="scaffold a new round: config, data headers, profile, prose")
    n.add_argument("name")
    n.add_argument("--from", dest="template", default=None,
                   help="copy data, prose and extra chapters from this round (default: empty files, midterm's layout)")
    return p


def _progress(message: str) -> None:
    print(message, flush=True)


def _print_summary(summary, total: float) -> None:
    print("\nSummary")
    for name, seconds, detail in summary.steps:
        print(f"  {name:<26} {seconds:6.1f} s  {detail}")
    if summary.notebooks:
        ran = [n.name for n in summary.notebooks if n.status == "ran"]
        reused = [n.name for n in summary.notebooks if n.status == "reused"]
        print(f"  notebooks ran:    {', '.join(ran) or '-'}")
        print(f"  notebooks reused: {', '.join(reused) or '-'}")
    for path in summary.written:
        print(f"  wrote {path}")
    print(f"  total {total:.1f} s")


def run(args) -> int:
    start = time.perf_counter()
    if args.command == "validate":
        from vvvanalysis.pipeline.run import validate

        from vvvanalysis.example_texts import pending

        files = validate(args.round)
        print(f"{args.round}: {len(files)} data files valid")
        # what is left to write: listed, never an error (an unfinished text is not bad input)
        texts = pending(args.round)
        if texts:
            print(f"{args.round}: {len(texts)} example texts still to replace (::: {{.eksempeltekst}}):")
            for text in texts:
                print(f"  {text.describe()}")
        return 0
    if args.command == "preview":
        from vvvanalysis.pipeline.run import pick_engine
        from vvvanalysis.preview.loop import run_preview

        return run_preview(args.round, pick_engine(args.engine), args.port, args.jobs, args.open, _progress)
    if args.command == "execute":
        from vvvanalysis.pipeline.execute import signals_interrupt
        from vvvanalysis.pipeline.run import execute

        with signals_interrupt():
            _cfg, summary = execute(args.round, jobs=args.jobs, force=args.force, progress=_progress)
        _print_summary(summary, time.perf_counter() - start)
        return 0
    if args.command == "render":
        from vvvanalysis.pipeline.run import render

        from vvvanalysis.pipeline.execute import signals_interrupt

        formats = [f.strip() for f in args.to.split(",") if f.strip()]
        with signals_interrupt():
            summary = render(args.round, formats, args.engine, jobs=args.jobs, force=args.force,
                             progress=_progress)
        _print_summary(summary, time.perf_counter() - start)
        return 0
    if args.command == "import":
        from vvvanalysis.importer import import_round

        result = import_round(args.round, progress=_progress)
        for path in result.written:
            print(f"wrote {path}")
        print(f"{args.round}: {len(result.written)} files written, {len(result.unchanged)} unchanged")
        if result.review:
            print(f"free-text answers to approve: {result.review}")
        return 0
    if args.command == "keys":
        from vvvanalysis.trace.commands import keys

        return keys(args.round, measure=args.measure, markdown=args.markdown)
    if args.command == "comments":
        from pathlib import Path

        from vvvanalysis.paths import output_dir, project_root
        from vvvanalysis.trace.comments import run as trace_comments

        _path, summary = trace_comments(args.round, Path(args.docx), project_root(), output_dir(args.round))
        print(summary)
        return 0
    if args.command == "changes":
        from vvvanalysis.paths import output_dir, project_root
        from vvvanalysis.trace.changes import run as trace_changes

        _path, summary = trace_changes(args.round, args.since, project_root(), output_dir(args.round), args.to)
        print(summary)
        return 0
    if args.command == "new-round":
        from vvvanalysis.scaffold import new_round

        for path in new_round(args.name, args.template):
            print(f"created {path}")
        return 0
    raise AssertionError(args.command)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except VVVError as exc:   # a bad --round value: the same one line as every other error
        print(f"vvv: error: {' '.join(exc.render().splitlines())}", file=sys.stderr)
        return EXIT_USER_ERROR
    try:
        return run(args)
    except VVVError as exc:
        if args.debug:
            raise
        print(f"vvv: error: {' '.join(exc.render().splitlines())}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt as exc:   # Ctrl-C or SIGTERM: kernels are stopped, outputs left as they were
        signum = getattr(exc, "signum", signal.SIGINT)
        print(f"vvv: interrupted by {signal.Signals(signum).name}; kernels stopped, output/ left as it was",
              file=sys.stderr)
        return 128 + signum
    except Exception as exc:  # a bug, not bad input: still one line unless --debug
        if args.debug:
            raise
        from vvvanalysis.personal_patterns import mask_text   # an echoed value is masked here too

        print(f"vvv: internal error: {type(exc).__name__}: {mask_text(str(exc))} "
              "(run with --debug for the traceback)",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
