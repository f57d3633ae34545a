"""The administrators' web page (casepack serve): upload case files, fix what they point at, download the case packs."""

from generator.web.server import serve

__all__ = ["serve"]
