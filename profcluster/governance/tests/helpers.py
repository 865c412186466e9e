"""Reading generated documents back in tests: DOCX through python-docx, PDF through a small parser.

There is no PDF text extractor among the project's dependencies (and no pdftotext on every machine), so
`pdf_text` inflates the PDF's objects, reads the ToUnicode maps of its fonts and decodes the glyph codes of
its text operators with the map of the font each one is set in.
"""

import io
import re
import zlib

from docx import Document


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _objects(content: bytes) -> dict[int, bytes]:
    """Every object of the PDF by number, streams inflated, objects packed in object streams unpacked."""
    objects = {}
    for number, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", content, re.S):
        data = re.search(rb"stream\r?\n(.*)", body, re.S)
        objects[int(number)] = zlib.decompressobj().decompress(data.group(1)) if data else body
        if b"/Type /ObjStm" in body:
            first = int(re.search(rb"/First (\d+)", body).group(1))
            header = [int(n) for n in objects[int(number)][:first].split()]
            offsets = [*header[1::2], len(objects[int(number)]) - first]
            for index, packed in enumerate(header[0::2]):
                objects[packed] = objects[int(number)][first + offsets[index] : first + offsets[index + 1]]
    return objects


def pdf_pages(content: bytes) -> int:
    return max(
        int(n)
        for body in _objects(content).values()
        for n in re.findall(rb"/Type /Pages.*?/Count (\d+)", body, re.S)
    )


def _cmap(stream: bytes) -> dict[str, str]:
    glyphs = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            glyphs[code.decode().lower()] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for low, high, text in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            first = ord(bytes.fromhex(text.decode()).decode("utf-16-be"))
            for offset in range(int(high, 16) - int(low, 16) + 1):
                glyphs[f"{int(low, 16) + offset:0{len(low)}x}"] = chr(first + offset)
    return glyphs


def pdf_text(content: bytes) -> str:
    """The text of the PDF, one line per text array, decoded with the ToUnicode map of the font in use."""
    assert content.startswith(b"%PDF-")
    objects = _objects(content)
    # WeasyPrint names a font resource after its subset tag: /BaseFont /KTGASA+DejaVu-Serif is set by /KTGASA.
    fonts = {
        tag: _cmap(objects[int(ref)])
        for body in objects.values()
        for tag, ref in re.findall(rb"/BaseFont /(\w+)\+[^/]*/ToUnicode (\d+) 0 R", body)
    }
    lines = []
    for body in objects.values():
        glyphs = {}
        for font, array in re.findall(rb"/([\w.+-]+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ", body):
            if font:
                glyphs = fonts.get(font, {})
                continue
            codes = b"".join(re.findall(rb"<([0-9a-fA-F]+)>", array)).decode().lower()
            lines.append("".join(glyphs.get(codes[i : i + 4], "") for i in range(0, len(codes), 4)))
    return "\n".join(lines)
