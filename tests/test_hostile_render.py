"""Text that is hard to print (issue 15): long unbroken words stay in their cell, emoji and right-to-left
names are drawn, with their spaces, in the PDFs; nothing is lost in either format."""

from __future__ import annotations

import subprocess

import pdfplumber
from documents_helpers import build_documents
from PIL import Image
from readers import docx_text, pdf_text

LONG = "Unbroken" + "x" * 1500 + "End"  # a pasted link or a key held down: no break anywhere


def test_a_long_unbroken_word_wraps_inside_the_page_and_keeps_every_letter(raw, write_case, tmp_path, settings):
    raw["assessments"][0]["ratings"]["4.3"]["evidence"] = LONG
    raw["assessments"][0]["analysis"] = LONG
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("summary-sheet",))
    pdf = folder / "summary-sheet_baseline.pdf"
    with pdfplumber.open(str(pdf)) as document:
        for page in document.pages:
            right = max((c["x1"] for c in page.chars), default=0)
            assert right <= page.width - 28, f"text runs to {right:.0f} pt of a {page.width:.0f} pt page"  # inside a 10 mm margin
    word = docx_text(folder / "summary-sheet_baseline.docx")
    assert word.count(LONG) == 2
    # The PDF breaks the word over lines of a table cell, which text extraction interleaves with the
    # next column; every letter is there all the same.
    printed = pdf_text(pdf)
    assert printed.count("x") == word.count("x") >= 2 * 1500
    assert printed.count("Unbroken") == 2


def _page_image(pdf, tmp_path, page: int = 1) -> Image.Image:
    stem = tmp_path / f"page-{pdf.stem}"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def _yellow_pixels(image: Image.Image) -> int:
    return sum(count for count, (r, g, b) in image.getcolors(image.width * image.height) if r > 220 and 150 < g < 230 and b < 90)


def test_an_emoji_in_a_name_is_drawn_in_colour_not_as_an_empty_box(raw, write_case, tmp_path, settings):
    plain = build_documents(write_case(raw, "plain.json"), tmp_path / "plain", settings, ("family-copy",))
    raw["children"][0]["first_name"] = "Ruby \U0001F600"
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("family-copy",))
    pdf = folder / "family-copy_kayleigh.pdf"
    with pdfplumber.open(str(pdf)) as document:
        fonts = {c["fontname"].split("+", 1)[-1] for c in document.pages[0].chars if c["text"] == "\U0001F600"}
    assert fonts and all("Emoji" in font for font in fonts), fonts  # drawn from the emoji font, not a box from Liberation Sans
    # The grinning face is yellow; nothing else on the page is.
    assert _yellow_pixels(_page_image(plain / "family-copy_kayleigh.pdf", tmp_path)) == 0
    assert _yellow_pixels(_page_image(pdf, tmp_path)) > 20
    assert "Ruby \U0001F600" in docx_text(folder / "family-copy_kayleigh.docx")


def test_a_right_to_left_name_keeps_the_spaces_around_it(raw, write_case, tmp_path, settings):
    raw["staff"][0]["name"] = "مريم أحمد"  # the key worker, named mid-sentence in the family copy
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("family-copy",))
    with pdfplumber.open(str(folder / "family-copy_kayleigh.pdf")) as document:
        words = document.pages[0].extract_words(x_tolerance=1.5)
    line = next(w["top"] for w in words if w["text"] == "talked")
    on_line = sorted((w for w in words if abs(w["top"] - line) < 2), key=lambda w: w["x0"])
    texts = [w["text"] for w in on_line]
    start = texts.index("and")
    assert texts[start + 3] == "talked", texts  # You and <two Arabic words> talked: four separate words
    gaps = [b["x0"] - a["x1"] for a, b in zip(on_line[start : start + 3], on_line[start + 1 : start + 4])]
    assert all(gap > 1.5 for gap in gaps), gaps  # a space's width between each
    assert "You and مريم أحمد talked" in docx_text(folder / "family-copy_kayleigh.docx")


def test_markup_and_template_code_come_out_literally(raw, write_case, tmp_path, settings):
    texts = {"school": "{{ 7*7 }}", "analysis": "<b>&amp;</b> {% if true %}x{% endif %}"}
    raw["children"][0]["school"] = texts["school"]
    raw["assessments"][0]["analysis"] = texts["analysis"]
    folder = build_documents(write_case(raw), tmp_path / "out", settings, ("summary-sheet",))
    for text in texts.values():
        assert text in docx_text(folder / "summary-sheet_baseline.docx")
        assert text in pdf_text(folder / "summary-sheet_baseline.pdf")
