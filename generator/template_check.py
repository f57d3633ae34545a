"""`casepack templates check`: a folder of templates checked against the data each document type receives.

The data is found, not described: the bundled reference case is planned for every document type, and each
type's templates may use the names its documents' contexts hold. A Word template is read as Word shows it,
paragraph by paragraph, so that a problem is placed at a paragraph (or a table cell) and quoted in the
template's own words, never as a line of internal XML. Found:

- syntax errors (an unclosed tag, an `endfor` without its `for`), and filters no environment has;
- names the document does not provide (a misspelt field);
- `w.key` wording entries that the wording files of some language do not have (when there are wording files);
- a family-facing template (any of whose documents goes to a family member) using a field the disclosure
  rules keep for practitioners (generator.disclosure.PRACTITIONER_ONLY).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, meta, nodes
from jinja2.exceptions import TemplateAssertionError, TemplateSyntaxError

from generator.disclosure import PRACTITIONER_ONLY
from generator.errors import Location, Problem, TemplateError, UsageError
from generator.settings import REFERENCE_CASE, TEMPLATES_DIR, Settings

# The date the reference case is planned on: any date gives the same names.
PLANNED_ON = dt.date(2026, 11, 22)
QUOTE_LENGTH = 60
STYLESHEET = "casepack.css"
WORDING = "wording"
COMMON_WORDING = "common"

# docxtpl's own tags, as Jinja reads them once docxtpl has moved them out of the Word XML.
_DOCXTPL_TAGS = [
    (re.compile(r"\{%\s*(?:cellbg|colspan)\s+(.*?)\s*%\}"), r"{{ \1 }}"),  # a cell's colour or span: an expression
    (re.compile(r"\{%\s*(?:vm|hm)\s*%\}"), ""),  # merge marks: no expression
    (re.compile(r"\{%(?:tr|tc|p|r) "), "{% "),
    (re.compile(r"\{\{(?:tr|tc|p|r) "), "{{ "),
    (re.compile(r"\{#(?:tr|tc|p) "), "{# "),
]


@dataclass(frozen=True)
class Received:
    """What one template stem's documents receive: the names in their contexts, and whether a family member reads one."""

    names: frozenset[str]
    family_facing: bool


def received(settings: Settings, case: Path = REFERENCE_CASE) -> dict[str, Received]:
    """The context names of each template stem, from every document the reference case gives."""
    from generator.documents.common import Inputs
    from generator.pipeline import check_case, plan_documents

    checked = check_case(case, settings, PLANNED_ON)
    inputs = Inputs(checked.case, settings, settings.toolkit, PLANNED_ON)
    family = {member.id for member in checked.case.family}
    names: dict[str, set[str]] = {}
    facing: dict[str, bool] = {}
    for plan in plan_documents(inputs):
        names.setdefault(plan.template, set()).update(plan.context)
        facing[plan.template] = facing.get(plan.template, False) or plan.recipient in family
    return {stem: Received(frozenset(keys), facing[stem]) for stem, keys in names.items()}


# --- wording -----------------------------------------------------------------------------------

def wording_languages(roots: Iterable[Path]) -> list[str]:
    return sorted({p.name for root in roots if (root / WORDING).is_dir() for p in (root / WORDING).iterdir() if p.is_dir()})


def wording_keys(roots: tuple[Path, ...], language: str, stem: str) -> dict[str, set[str] | None]:
    """The keys a document's `w` offers in one language (its own file over common.toml, each root's over the
    built-in's), with the keys inside each table; unreadable files are the wording loader's to report."""
    keys: dict[str, set[str] | None] = {}
    for name in (COMMON_WORDING, stem):
        for root in roots:
            path = root / WORDING / language / f"{name}.toml"
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            for key, value in data.items():
                if isinstance(value, dict):
                    inner = keys.get(key)
                    keys[key] = (inner if isinstance(inner, set) else set()) | set(value)
                else:
                    keys.setdefault(key, None)
    return keys


# --- reading templates -------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One line of a template's text as Jinja reads it: where it is, and its text (for quoting)."""

    where: str
    text: str


def _quote(text: str, around: str | None = None) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_LENGTH:
        return f'"{text}"'
    at = text.find(around) if around else -1
    start = max(0, min(at - QUOTE_LENGTH // 3, len(text) - QUOTE_LENGTH)) if at >= 0 else 0
    piece = text[start : start + QUOTE_LENGTH]
    return f'"{"…" if start else ""}{piece}{"…" if start + QUOTE_LENGTH < len(text) else ""}"'


def _paragraphs(element, qn) -> Iterator[tuple[str, str]]:
    """Each paragraph of a Word part, in order, with where it is: 'paragraph 12', 'table 2, row 3, cell 1'."""
    paragraph = table = 0
    tables: dict[object, int] = {}
    for p in element.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        cell = next((a for a in p.iterancestors(qn("w:tc"))), None)
        if cell is None:
            paragraph += 1
            yield f"paragraph {paragraph}", text
            continue
        row = cell.getparent()
        grid = row.getparent()
        outer = list(p.iterancestors(qn("w:tbl")))[-1]
        if outer not in tables:
            table += 1
            tables[outer] = table
        rows = [r for r in grid.iterchildren(qn("w:tr"))]
        cells = [c for c in row.iterchildren(qn("w:tc"))]
        yield f"table {tables[outer]}, row {rows.index(row) + 1}, cell {cells.index(cell) + 1}", text


def word_parts(path: Path) -> list[tuple[str, list[Line]]]:
    """A Word template's body, headers and footers, each as lines of text: one line per paragraph."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"{path}: not a Word document that can be opened ({type(exc).__name__}); save it again from Word as .docx") from exc
    parts = [("", document.element.body)]
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            kind = "header" if rel.reltype.endswith("/header") else "footer"
            parts.append((f"{kind} ", rel.target_part.element))
    out = []
    for prefix, element in parts:
        lines = [Line(f"{prefix}{where}", text) for where, text in _paragraphs(element, qn)]
        out.append((prefix, lines))
    return out


def _jinja_text(lines: list[Line]) -> str:
    text = "\n".join(line.text for line in lines)
    for pattern, replacement in _DOCXTPL_TAGS:
        text = pattern.sub(replacement, text)
    return text


# --- checking ----------------------------------------------------------------------------------

def _names(ast: nodes.Template) -> dict[str, int]:
    """The first line each name is read on."""
    first: dict[str, int] = {}
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load":
            first.setdefault(node.name, node.lineno)
    return first


# What a template may call on a table of its wording to go through its entries.
TABLE_METHODS = frozenset({"items", "keys", "values"})


def _wording_used(ast: nodes.Template) -> list[tuple[str, str | None, int]]:
    """`w.key`, `w["key"]` and `w.table.key` where `w` is the document's wording (not a loop's own `w`):
    (key, key in the table or None, line)."""
    used: list[tuple[str, str | None, int]] = []

    def key_of(node) -> str | None:
        if isinstance(node, nodes.Getattr):
            return node.attr
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            return node.arg.value
        return None

    def is_w(node, bound: frozenset[str]) -> bool:
        return isinstance(node, nodes.Name) and node.name == "w" and "w" not in bound

    def visit(node, bound: frozenset[str]) -> None:
        if isinstance(node, (nodes.For, nodes.Macro)):
            targets = [node.target] if isinstance(node, nodes.For) else list(node.args)
            names = {n.name for t in targets for n in (t, *t.find_all(nodes.Name)) if isinstance(n, nodes.Name)}
            inner = bound | names | ({"loop"} if isinstance(node, nodes.For) else set())
            if isinstance(node, nodes.For):
                visit(node.iter, bound)
            for child in node.iter_child_nodes(exclude=("iter", "target", "args")):
                visit(child, inner)
            return
        if isinstance(node, (nodes.Getattr, nodes.Getitem)) and key_of(node) is not None:
            if is_w(node.node, bound):
                used.append((key_of(node), None, node.lineno))
                return
            if isinstance(node.node, (nodes.Getattr, nodes.Getitem)) and is_w(node.node.node, bound) and key_of(node.node) is not None:
                # `w.agree.items()` walks a table of the wording: the table must exist, not a key called "items".
                table_walk = isinstance(node, nodes.Getattr) and node.attr in TABLE_METHODS
                used.append((key_of(node.node), None if table_walk else key_of(node), node.lineno))
                return
        for child in node.iter_child_nodes():
            visit(child, bound)

    visit(ast, frozenset())
    return used


def _tag_opened_at(text: str, lineno: int | None) -> int | None:
    """Where a tag Jinja stopped in was opened: a `{{` or `{%` left open on an earlier line (or paragraph)
    runs on into the next, and Jinja names the line where it gave up."""
    if not lineno:
        return lineno
    lines = text.split("\n")
    for n in range(min(lineno, len(lines)), 0, -1):
        line = lines[n - 1]
        if line.count("{{") > line.count("}}") or line.count("{%") > line.count("%}"):
            return n
        if n < lineno and ("}}" in line or "%}" in line):
            break  # a line whose tags are closed: the one Jinja named is where the trouble starts
    return lineno


def _unclosed_block(environment: Environment, text: str) -> tuple[int, str] | None:
    """The line of the innermost block left open ({% if %} without {% endif %}), for "unexpected end of template"."""
    opening = {"if", "for", "block", "macro", "call", "filter", "with", "raw", "trans", "autoescape"}
    stack: list[tuple[int, str]] = []
    expect_name = False
    try:
        for lineno, kind, value in environment.lex(text):
            if kind == "block_begin":
                expect_name = True
            elif expect_name and kind == "name":
                expect_name = False
                if value in opening:
                    stack.append((lineno, value))
                elif value.startswith("end") and stack:
                    stack.pop()
            elif kind not in ("whitespace",):
                expect_name = False
    except TemplateSyntaxError:
        return None
    return stack[-1] if stack else None


@dataclass(frozen=True)
class _Template:
    source: str  # the file, as the user named it
    lines: list[Line] | None  # Word: a line per paragraph; HTML: None (lines are the file's own)
    text: str


class Checker:
    """Checks the templates in a folder; `roots` are where wording and layouts are found (the folder first)."""

    def __init__(self, folder: Path, roots: tuple[Path, ...], data: dict[str, Received]) -> None:
        from generator.render.html import FILTERS

        self.folder = folder
        self.roots = roots
        self.data = data
        self.environment = Environment(autoescape=True)
        self.environment.filters.update(FILTERS)
        self.languages = wording_languages(roots)
        self.problems: list[Problem] = []

    def _at(self, template: _Template, lineno: int | None, around: str | None = None) -> Location:
        if template.lines is None:
            return Location(template.source, f"line {lineno}" if lineno else "")
        if not lineno or lineno > len(template.lines):
            return Location(template.source)
        line = template.lines[lineno - 1]
        return Location(template.source, f"{line.where} {_quote(line.text, around)}")

    def _problem(self, template: _Template, lineno: int | None, message: str, around: str | None = None) -> None:
        self.problems.append(Problem(self._at(template, lineno, around), message))

    def check(self, template: _Template, stems: list[str], names: bool = True) -> None:
        """`stems`: the document types whose data this template receives (a layout's: every type that uses it);
        `names`: whether to check the names it uses, or only its syntax."""
        try:
            ast = self.environment.parse(template.text)
        except TemplateSyntaxError as exc:
            message = exc.message or "syntax error"
            if message.startswith("Unexpected end of template"):
                # Jinja reports the end of the template; the tag to mend is the one left open.
                opened = _unclosed_block(self.environment, template.text)
                if opened is not None:
                    line, tag = opened
                    self._problem(template, line, f"'{{% {tag} %}}' is never closed; add '{{% end{tag} %}}' where it should end", tag)
                    return
            self._problem(template, _tag_opened_at(template.text, exc.lineno), message)
            return
        try:
            declared = meta.find_undeclared_variables(ast)
        except TemplateAssertionError as exc:  # a filter or test no environment has
            self._problem(template, exc.lineno, exc.message or "unknown filter")
            return
        if not names:
            return
        given = [self.data[s] for s in stems if s in self.data]
        allowed = frozenset.intersection(*(r.names for r in given)) if given else frozenset()
        family_facing = any(r.family_facing for r in given)
        first = _names(ast)
        for name in sorted(declared, key=lambda n: (first.get(n, 0), n)):
            if family_facing and name in PRACTITIONER_ONLY:
                self._problem(template, first.get(name), f"'{name}' is for practitioners only, and this template's documents go to family members: "
                                                         "take it out (generator/disclosure.py says who sees what)", name)
            elif name not in allowed:
                close = difflib.get_close_matches(name, sorted(allowed), n=1)
                self._problem(template, first.get(name), f"unknown name '{name}'" + (f"; did you mean '{close[0]}'?" if close else ""), name)
        if "w" in declared and self.languages:
            self._check_wording(template, ast, stems)

    def _check_wording(self, template: _Template, ast: nodes.Template, stems: list[str]) -> None:
        for language in self.languages:
            for stem in stems:
                offered = wording_keys(self.roots, language, stem)
                for key, inner, lineno in _wording_used(ast):
                    file = f"{WORDING}/{language}/{stem}.toml"
                    if key not in offered:
                        self._problem(template, lineno, f"no wording '{key}' in {file} or {WORDING}/{language}/{COMMON_WORDING}.toml; add a line {key} = \"...\"", key)
                    elif inner is not None and isinstance(offered[key], set) and inner not in offered[key]:
                        self._problem(template, lineno, f"no wording '{key}.{inner}' in {file} or {WORDING}/{language}/{COMMON_WORDING}.toml; add {inner} = \"...\" under [{key}]", inner)


def _display(folder: Path, shown_as: Path, path: Path) -> str:
    return str(shown_as / path.relative_to(folder))


def check_folder(folder: Path, settings: Settings, shown_as: Path | None = None) -> list[Problem]:
    """Every problem in the templates of `folder` (its docx/ and html/), each placed in its file; [] when there are none.

    Files the folder does not have come from the built-in templates, as in a build; only the folder's own are checked.
    """
    folder = Path(folder)
    shown_as = shown_as or folder
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder; give a templates folder holding docx/ and html/")
    roots = tuple(dict.fromkeys((folder.resolve(), *settings.template_roots, TEMPLATES_DIR)))
    data = received(settings)
    checker = Checker(folder, roots, data)
    known = sorted(data)
    for path in sorted((folder / "docx").glob("*.docx")) if (folder / "docx").is_dir() else []:
        if path.name.startswith("~$"):
            continue  # Word's lock file beside an open document
        source = _display(folder, shown_as, path)
        if path.stem not in data:
            checker.problems.append(Problem(Location(source), f"no document type uses a template called '{path.stem}'; the types' templates are {', '.join(known)}"))
            continue
        try:
            parts = word_parts(path)
        except TemplateError as exc:
            checker.problems.append(Problem(Location(source), str(exc).split(": ", 1)[1]))
            continue
        before = len(checker.problems)
        for _, lines in parts:
            checker.check(_Template(source, lines, _jinja_text(lines)), [path.stem])
        if len(checker.problems) == before:
            checker.problems += _as_docxtpl_reads_it(path, source, checker.environment)
    html = folder / "html"
    if html.is_dir():
        users = _layout_users(roots)
        for path in sorted(html.glob("*.html")):
            source = _display(folder, shown_as, path)
            # A file that is neither a type's template nor a layout one uses is made by other code (a print
            # pack's cover, say), whose data the reference case does not show: only its syntax is checked.
            stems = [path.stem] if path.stem in data else sorted(users.get(path.name, set()))
            checker.check(_Template(source, None, path.read_text(encoding="utf-8")), stems, names=bool(stems))
        css = html / STYLESHEET
        if css.is_file():
            checker.data = {**data, STYLESHEET: Received(frozenset({"style"}), False)}
            checker.check(_Template(_display(folder, shown_as, css), None, css.read_text(encoding="utf-8")), [STYLESHEET])
            checker.data = data
    return list(dict.fromkeys(checker.problems))  # a layout's missing wording is found once per type that uses it


def _as_docxtpl_reads_it(path: Path, source: str, environment: Environment) -> list[Problem]:
    """What Word's paragraphs read as text cannot show: a tag Word has split across the XML in a way docxtpl
    cannot join again (its own check, on the XML it renders)."""
    from docxtpl import DocxTemplate

    try:
        DocxTemplate(str(path)).get_undeclared_template_variables(environment)
    except (TemplateSyntaxError, TemplateAssertionError) as exc:
        return [Problem(Location(source), f"{exc.message}, in a tag Word has stored in pieces; type the tag again in Word, in one go")]
    return []


def _layout_users(roots: tuple[Path, ...]) -> dict[str, set[str]]:
    """For each layout (letter.html, base.html), the document types whose templates extend or include it, directly or not."""
    environment = Environment()
    found: dict[str, Path] = {}
    for root in roots:
        for path in sorted((root / "html").glob("*.html")) if (root / "html").is_dir() else []:
            found.setdefault(path.name, path)
    parents: dict[str, set[str]] = {}
    for name, path in found.items():
        try:
            parents[name] = {p for p in meta.find_referenced_templates(environment.parse(path.read_text(encoding="utf-8"))) if p}
        except TemplateSyntaxError:
            parents[name] = set()  # reported when that file is checked
    users: dict[str, set[str]] = {}
    for name in found:
        stem = name.removesuffix(".html")
        seen, todo = set(), list(parents.get(name, ()))
        while todo:
            layout = todo.pop()
            if layout in seen:
                continue
            seen.add(layout)
            users.setdefault(layout, set()).add(stem)
            todo += parents.get(layout, ())
    return users
