"""casepack: one case file in, the paperwork around the case out."""

__version__ = "0.1.0"
