"""The registry of document types: name -> how to plan that type's documents for a case.

Other packages can add types through the `casepack.documents` entry point group; each entry
point names a module with NAME, TITLE and plan(inputs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points

from generator.documents.common import DocumentPlan, Inputs


@dataclass(frozen=True)
class DocumentType:
    name: str
    title: str
    plan: Callable[[Inputs], list[DocumentPlan]]
    # A letter leads its reader's envelope in a print pack, their other documents behind it (generator/packs.py);
    # a module says so with LETTER = True.
    letter: bool = False


# In the order a case pack is read: assessment first, meetings, then the end of involvement.
BUILT_IN = (
    "summary_sheet",
    "family_copy",
    "assessment_agreement",
    "professional_letter",
    "prompt_sheet",
    "co_working_agreement",
    "invitation_list",
    "invitation_letter",
    "family_meeting_agreement",
    "closure_letter",
    "feedback_sheet",
)


def _from_module(module) -> DocumentType:
    return DocumentType(module.NAME, module.TITLE, module.plan, getattr(module, "LETTER", False))


def registry() -> dict[str, DocumentType]:
    types = [_from_module(import_module(f"generator.documents.{name}")) for name in BUILT_IN]
    types += [_from_module(ep.load()) for ep in entry_points(group="casepack.documents")]
    return {t.name: t for t in types}

