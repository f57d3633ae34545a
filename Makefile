# Set-up and everyday commands. Every target installs what it needs first, so each works on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test bench system-deps clean

# The stamp is named by pyproject.toml's content, not its date: a second `make run`, or a fresh checkout
# whose files are all newer, installs nothing; a changed dependency list installs once.
$(STAMP):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	@bash scripts/system-deps.sh run
	$(VENV)/bin/casepack build inputs/case-example.json -o outputs

test: $(STAMP)
	@bash scripts/system-deps.sh test
	$(PY) -m pytest

# Prints speed and memory figures, against LibreOffice converting the same .docx files.
bench: $(STAMP)
	@bash scripts/system-deps.sh bench
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) outputs/*/ outputs/.*partial* .pytest_cache
