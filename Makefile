# Set-up and everyday commands. Every target installs what it needs first, so each works on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test system-deps templates clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Tools the tests use from Debian's packages (PDF pages to pictures).
system-deps:
	@bash scripts/system-deps.sh

run: $(STAMP)
	$(VENV)/bin/casepack build inputs/case-example.json -o outputs

test: $(STAMP) system-deps
	$(PY) -m pytest

templates: $(STAMP)
	$(PY) scripts/make_docx_templates.py

clean:
	rm -rf $(VENV) outputs/*/ outputs/.*partial* .pytest_cache
