import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from fusee.content.tests.llm_endpoint import KEY, Endpoint


@pytest.fixture
def make_docx(tmp_path: Path):
    """Write a .docx from (style, text) pairs, with Word's built-in styles."""

    def make(paragraphs: list[tuple[str, str]], name: str = "script.docx") -> Path:
        document = docx.Document()
        for style, text in paragraphs:
            document.add_paragraph(text, style=style)
        path = tmp_path / name
        document.save(str(path))
        return path

    return make


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    server = Endpoint()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def server(endpoint: Endpoint) -> Endpoint:
    endpoint.plan.clear()
    endpoint.seen.clear()
    endpoint.headers_seen.clear()
    return endpoint


@pytest.fixture
def configured(settings, server, tmp_path, monkeypatch):
    """The settings pointing at the endpoint, a data folder of the test's own, quick retries."""
    from fusee.content.writing.llm import client  # the writers' libraries load only when needed

    monkeypatch.setattr(client, "BACKOFF", 0.01)
    settings.FUSEE_LLM_BASE_URL, settings.FUSEE_LLM_MODEL = server.url, "test-model"
    settings.FUSEE_LLM_API_KEY, settings.FUSEE_LLM_TIMEOUT = KEY, 30.0
    settings.DATA_DIR = tmp_path / "data"
    return settings
