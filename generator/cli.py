"""The casepack command: parse arguments, make one library call, turn errors into messages and exit codes."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import CasepackError, InvalidCase, Problem, SettingsError, UsageError
from generator.limits import MAX_INPUT_MB
from generator.settings import ExecutorSettings, Settings, load_settings
from generator.write import WriteError, check_output_folder, os_reason

# The pipeline, the progress bar and what they bring in are imported by the commands that use them,
# so that `casepack --help` answers at once.
if TYPE_CHECKING:
    from generator.pipeline import CaseResult

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: workers stopped, no half-written case left behind."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casepack", description="Case paperwork in Word and PDF from one case file.")
    parser.add_argument("--settings", type=Path, help="organisation settings file (TOML); defaults are used for anything it leaves out")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check case files and list every problem")
    check.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    _max_input(check)

    make = commands.add_parser("build", help="write the documents for one or more cases")
    make.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    make.add_argument("-o", "--output", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    make.add_argument("--format", choices=("docx", "pdf", "both"), default="both")
    make.add_argument("--documents", help="comma-separated document types (default: all)")
    make.add_argument("--recipients", metavar="ID,...", help="only the documents addressed to these people, by id (default: everyone's)")
    make.add_argument("--meetings", metavar="ID,...", help="only the documents about these meetings, by id: each one's invitation list, "
                                                           "letters to its invitees and agreement (default: all)")
    make.add_argument("--no-packs", action="store_true", help="only the separate files: no print packs (one PDF per envelope, one for the case)")
    make.add_argument("--date", type=dt.date.fromisoformat, help="date printed on letters that have none of their own (YYYY-MM-DD; default: today)")
    make.add_argument("-j", "--jobs", type=_positive, help="worker processes (default: one per core)")
    make.add_argument("--no-cache", action="store_true", help="render every document again, and keep nothing in the render cache")
    make.add_argument("--cache-mb", type=_positive, default=200, metavar="MB", help="largest size of the render cache, a private folder under your cache directory (default: 200)")
    cluster = make.add_argument_group("rendering on a Dask cluster (pip install 'casepack[dask]'; or [executor] in settings)")
    cluster.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, tls://HOST:8786 (or tcp://127.0.0.1:8786 on this machine)")
    cluster.add_argument("--tls-ca-file", type=Path, metavar="CA.pem", help="certificate authority the cluster's certificates are signed by")
    cluster.add_argument("--tls-cert", type=Path, metavar="CERT.pem", help="this machine's certificate")
    cluster.add_argument("--tls-key", type=Path, metavar="KEY.pem", help="this machine's private key")
    cluster.add_argument("--insecure-cluster", action="store_true", help="allow a scheduler on another machine without TLS (a network you trust completely)")
    _max_input(make)

    book = commands.add_parser("workbook", help="write a blank workbook, or a filled one from a JSON case")
    book.add_argument("--blank", type=Path, metavar="OUT.xlsx", help="write an empty workbook to fill in")
    book.add_argument("paths", nargs="*", type=Path, metavar="CASE.json OUT.xlsx")

    templates = commands.add_parser("templates", help="check a folder of templates (a team's own, or the built-in ones)")
    templates_commands = templates.add_subparsers(dest="templates_command", required=True)
    check_templates = templates_commands.add_parser("check", help="check templates against the data each document type receives")
    check_templates.add_argument("folder", nargs="?", type=Path, metavar="DIR",
                                 help="a templates folder holding docx/ and html/ (default: [templates] dir of the settings, or the built-in templates)")

    web = commands.add_parser("serve", help="start the web page for uploading workbooks and downloading case packs")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    web.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    web.add_argument("--token", help="access token every page asks for; needed to listen on any other address (or set CASEPACK_TOKEN)")
    web.add_argument("--max-upload-mb", type=float, default=5, help="largest upload, all files together (default: 5)")
    web.add_argument("--keep-minutes", type=float, default=30, help="minutes an upload is kept before it is deleted (default: 30)")
    _max_input(web)
    return parser


def _max_input(command: argparse.ArgumentParser) -> None:
    command.add_argument("--max-input-mb", type=_megabytes, default=MAX_INPUT_MB,
                         help=f"largest case file read; bigger ones are refused unread (default: {MAX_INPUT_MB:g})")


def _megabytes(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _bytes(megabytes: float) -> int:
    return int(megabytes * 1024 * 1024)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        label = "warning" if problem.severity == "warning" else "error"
        print(f"{label}: {problem}", file=sys.stderr)


def _report(result: CaseResult) -> None:
    _print_problems(list(result.warnings))
    if isinstance(result.error, InvalidCase):
        _print_problems(result.error.problems)
        print(f"{result.source}: not built ({len(result.error.errors)} error(s))", file=sys.stderr)
    elif result.error is not None:
        print(f"error: {result.error}", file=sys.stderr)
        print(f"{result.source}: not built", file=sys.stderr)
    else:
        packs = sum(f.document == "print-pack" for f in result.files)
        with_packs = f" and {packs} print pack{'s' if packs != 1 else ''}" if packs else ""
        print(f"{result.source}: {len(result.files) - packs} documents{with_packs} written to {result.folder}")


def _validate(args, settings) -> int:
    from generator.pipeline import check_case

    status = EXIT_OK
    for path in args.inputs:
        try:
            checked = check_case(path, settings, max_bytes=_bytes(args.max_input_mb))
        except InvalidCase as exc:
            _print_problems(exc.problems)
            print(f"{path}: {len(exc.errors)} error(s), {len(exc.warnings)} warning(s)", file=sys.stderr)
            status = EXIT_INVALID
            continue
        _print_problems(list(checked.warnings))
        print(f"{path}: valid ({len(checked.warnings)} warning(s))")
        _print_left_out(checked.case)
    return status


def _print_left_out(case) -> None:
    """Per family reader, which notes their copy leaves out: ids and item codes only, never the notes."""
    from generator.disclosure import left_out

    entries = left_out(case)
    if not entries:
        return
    print("  notes left out of family copies (the items stay in, in plain words):")
    for entry in entries:
        print(f"    {entry.reader}, {entry.assessment}: {', '.join(entry.items)}")


def _with_cluster(args, settings: Settings) -> Settings:
    """The cluster options laid over [executor] in settings."""
    given = {"scheduler": args.scheduler, "tls_ca_file": args.tls_ca_file, "tls_cert": args.tls_cert, "tls_key": args.tls_key}
    given = {key: value for key, value in given.items() if value}
    if args.insecure_cluster:
        given["insecure_cluster"] = True
    if not given:
        return settings
    config = dataclasses.replace(settings.executor or ExecutorSettings(""), **given)
    if not config.scheduler:
        raise UsageError("the TLS and --insecure-cluster options need a scheduler: --scheduler tls://HOST:8786")
    return dataclasses.replace(settings, executor=config)


def _listed(text: str | None, option: str, example: str) -> tuple[str, ...] | None:
    """A comma-separated list of ids as its entries; None when the option was not given."""
    if text is None:
        return None
    ids = tuple(part.strip() for part in text.split(",") if part.strip())
    if not ids:
        raise UsageError(f"{option} needs at least one id; separate several with commas, as in {option} {example}")
    return ids


def _build(args, settings) -> int:
    from generator.cache import RenderCache
    from generator.pipeline import FORMATS, BuildRequest, build, chosen_types, executor_for
    from generator.progress import Progress

    settings = _with_cluster(args, settings)
    formats = FORMATS if args.format == "both" else (args.format,)
    documents = tuple(d.strip() for d in args.documents.split(",") if d.strip()) if args.documents else None
    cache = None if args.no_cache else RenderCache.default(args.cache_mb)
    request = BuildRequest(tuple(args.inputs), args.output, settings, formats, documents, args.date, args.jobs,
                           cache=cache, max_input_bytes=_bytes(args.max_input_mb),
                           recipients=_listed(args.recipients, "--recipients", "kayleigh,gp"), meetings=_listed(args.meetings, "--meetings", "m1,m2"),
                           packs=not args.no_packs)
    chosen_types(documents)  # a misspelt document type is a usage mistake, reported before the folder is made
    request = dataclasses.replace(request, executor=executor_for(request))  # and so is a cluster that may not be used
    check_output_folder(args.output)  # a file, or a folder that cannot be written: say so before any work
    with Progress() as bar:
        result = build(request, progress=bar.wrap(_report), on_document=bar.update)
    reused = f", {result.reused} reused from the render cache" if cache else ""
    print(f"{result.rendered} document(s) rendered{reused}")
    if "pdf" not in formats and not args.no_packs:
        print("no print packs: they are joined from the PDFs, and --format docx builds none")
    failed = [c for c in result.cases if not c.ok]
    if failed:
        print(f"{len(failed)} of {len(result.cases)} case(s) failed: {', '.join(c.source for c in failed)}", file=sys.stderr)
        # Only the output folder was at fault (full, read-only): a different exit from a bad case.
        return EXIT_OUTPUT if all(isinstance(c.error, WriteError) for c in failed) else EXIT_INVALID
    return EXIT_OK


def _workbook(args, settings) -> int:
    from generator.load.workbook import write_blank, write_filled
    from generator.pipeline import check_case

    if args.blank and not args.paths:
        write_blank(args.blank, settings.toolkit, settings.agencies)
        print(f"blank workbook written to {args.blank}")
        return EXIT_OK
    if not args.blank and len(args.paths) == 2:
        source, target = args.paths
        checked = check_case(source, settings)
        write_filled(target, checked.case, settings.toolkit, settings.agencies)
        print(f"workbook for {checked.case.case.reference} written to {target}")
        return EXIT_OK
    raise UsageError("use 'casepack workbook --blank OUT.xlsx' or 'casepack workbook CASE.json OUT.xlsx'")


def _templates(args, settings) -> int:
    from generator.template_check import check_folder

    folder = args.folder or settings.templates_dir
    problems = check_folder(folder, settings)
    _print_problems(problems)
    if problems:
        print(f"{folder}: {len(problems)} problem(s) in the templates", file=sys.stderr)
        return EXIT_INVALID
    print(f"{folder}: the templates fit the data of every document type")
    return EXIT_OK


def _serve(args, settings) -> int:
    from generator.web import serve

    return serve(settings, args.host, args.port, args.token, args.max_upload_mb, args.keep_minutes, args.max_input_mb)


COMMANDS = {"validate": _validate, "build": _build, "workbook": _workbook, "templates": _templates, "serve": _serve}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if on_main_thread else None
    try:
        settings = load_settings(args.settings)
        return COMMANDS[args.command](args, settings)
    except WriteError as exc:
        print(f"casepack: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except UsageError as exc:
        print(f"casepack: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SettingsError as exc:
        print(f"casepack: settings: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidCase as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    except CasepackError as exc:
        print(f"casepack: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except Terminated:
        print("casepack: stopped (SIGTERM); no partial case folder was left behind", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("casepack: interrupted; no partial case folder was left behind", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a file or folder the system refused (permissions, a full disk), outside any one case
        place = f"{exc.filename}: " if exc.filename else ""
        print(f"casepack: {place}{os_reason(exc)}", file=sys.stderr)
        return EXIT_OUTPUT
    except RecursionError:
        print("casepack: the input is nested too deeply to read", file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # noqa: BLE001 - a bug must reach the user as one line, never a traceback with case data
        if os.environ.get("CASEPACK_DEBUG"):
            raise
        print(f"casepack: unexpected failure ({type(exc).__name__}); set CASEPACK_DEBUG=1 to see where. Cases reported as written are complete", file=sys.stderr)
        return EXIT_INVALID
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)
