"""The ebook asset: a format-free draft (`draft.EbookDraft`) and its renderers.

`pdf.render_pdf` (Typst, in-process, embedded fonts), `epub.render_epub` (EPUB 3) and
`docx.render_docx` (Word) each take a draft and return the file's bytes; none touches the network,
the database or the host's fonts. `sample.sample_draft()` is a realistic ~4,500-word draft.
"""
