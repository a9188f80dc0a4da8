"""Real PDF, DOCX and HTML files generated in code for the ingestion tests."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from pypdf import PdfReader, PdfWriter


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], title: str = "") -> bytes:
    """A valid PDF with one Helvetica text line per string, written object by object."""
    objects: list[bytes] = []
    n_pages = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    font_id = 3 + 2 * n_pages
    info_id = font_id + 1
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, lines in enumerate(pages):
        content = (
            b"BT /F1 12 Tf 72 770 Td 16 TL "
            + b" ".join(_pdf_string(line) + b" Tj T*" for line in lines)
            + b" ET"
        )
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
            f"<< /F1 {font_id} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects.append(b"<< /Title " + _pdf_string(title) + b" >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_id} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def encrypt_pdf(data: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(path: Path, title: str, sections: dict[str, list[str]]) -> Path:
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for heading, paragraphs in sections.items():
        document.add_heading(heading, level=2)
        for text in paragraphs:
            document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Ligne", "Fréquence"), ("Navette 1", "20 min")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.save(str(path))
    return path


HTML_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Marché de Saint-Vent | Mairie</title>
<link rel="canonical" href="https://saint-vent.example/marche"></head>
<body><nav><a href="/">Accueil</a> <a href="/contact">Contact</a> Menu principal</nav>
<div class="cookie">Nous utilisons des cookies pour mesurer l'audience.</div>
<main><article><h1>Le marché de Saint-Vent</h1>
<p>Le marché provençal de Saint-Vent se tient chaque mardi matin sur la place de la Fontaine.
Les maraîchers de la vallée y vendent fruits, légumes et fromages de chèvre.</p>
<h2>Accès</h2><p>La navette depuis Port-Lumière s'arrête devant la place, toutes les vingt
minutes, et le parking de la gare reste gratuit le matin.</p></article></main>
<footer>Mentions légales - Plan du site</footer></body></html>"""
