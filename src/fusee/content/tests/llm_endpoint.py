"""A real HTTP server speaking the OpenAI chat-completions protocol, for the llm writer's tests
(conftest.py serves it as the `endpoint`, `server` and `configured` fixtures).

Its answers are built from the prompt it receives (the source's own sentences, marked "Model: "),
so an asset holding them proves the source reached the model.
"""

from __future__ import annotations

import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KEY = "sk-test-very-secret"
INVENTED = "Revenue grew by 987654 % last year."
SOURCE = re.compile(r"<source>\n(.*?)\n</source>", re.S)


def canned(prompt: str) -> dict[str, Any]:
    """A valid answer for the prompt's asset type, made of the source's own sentences."""
    found = SOURCE.search(prompt)
    source = found.group(1) if found else ""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(source.split()))
    keywords = re.search(r"Keywords found in it: (.*)", prompt)
    words = [k for k in (keywords.group(1).split(", ") if keywords else []) if k]
    if '"focus_keyword"' in prompt:
        paragraphs = source.split("\n\n")
        half = len(paragraphs) // 2
        body = "\n\n".join([paragraphs[0], "## First part", *paragraphs[1:half], "## Second part",
                            *paragraphs[max(half, 1):]])  # fmt: skip
        return {"title": "Model: " + " ".join(sentences[0].split()[:5]), "description": sentences[0][:150],
                "focus_keyword": words[0] if words else "pipeline", "keywords": words[1:4], "body": body}
    if '"hook"' in prompt:
        return {"hook": "Model: " + sentences[0][:150], "paragraphs": sentences[1:3],
                "hashtags": ["#Pipeline", "#Webinars", "#Marketing"]}
    if '"parts"' in prompt:
        return {"parts": chapter_parts(source)}
    if '"introduction"' in prompt:
        key_lines = [line[2:] for line in source.splitlines() if line.startswith("- ")]
        return {"introduction": ["Model: " + source.split("\n\n")[0]],
                "conclusion": ["Model: " + " ".join(key_lines[:3])]}
    return {"subject": "Model: " + sentences[0][:40], "preheader": sentences[0][:100],
            "paragraphs": [" ".join(sentences[:2])]}


def chapter_parts(source: str) -> list[dict[str, Any]]:
    """The chapter's own paragraphs joined two by two, each ### sub-heading starting a part."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    for chunk in source.split("\n\n"):
        if chunk.startswith("### "):
            parts.append(("Model: " + chunk[4:], []))
        else:
            parts[-1][1].append(chunk)
    return [
        {"heading": heading, "paragraphs": ["Model: " + " ".join(chunks[i : i + 2])
                                            for i in range(0, len(chunks), 2)]}
        for heading, chunks in parts
        if chunks
    ]  # fmt: skip


def with_invented_figure(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer with a figure its source does not give, in its first paragraph."""
    if "parts" in answer:
        answer["parts"][0]["paragraphs"][0] += " " + INVENTED
    for key in ("introduction", "paragraphs"):
        if key in answer:
            answer[key][0] += " " + INVENTED
    if "body" in answer:
        answer["body"] += "\n\n" + INVENTED
    return answer


class Endpoint(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        # What the next requests get: "500", "garbage", "html", "401", "slow", "invented"; then "ok".
        self.plan: list[str] = []
        self.seen: list[dict[str, Any]] = []
        self.headers_seen: list[dict[str, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
            super().handle_error(request, client_address)  # a client that gave up ("slow") is no error


class Handler(BaseHTTPRequestHandler):
    server: Endpoint

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.seen.append(body)
        self.server.headers_seen.append(dict(self.headers))
        mode = self.server.plan.pop(0) if self.server.plan else "ok"
        if self.path != "/v1/chat/completions":
            return self.send(404, {"error": {"message": "not found"}})
        if mode == "500":
            return self.send(500, {"error": {"message": "overloaded"}})
        if mode == "401":
            return self.send(401, {"error": {"message": f"Incorrect API key provided: {KEY}"}})
        if mode == "slow":
            time.sleep(1)
        if mode == "html":
            return self.send(200, "<html>a proxy page</html>", "text/html")
        self.send(200, {"id": "x", "object": "chat.completion", "model": body["model"],
                        "choices": [{"index": 0, "message": {"role": "assistant",
                                                             "content": self.content(mode, body)},
                                     "finish_reason": "stop"}]})  # fmt: skip

    def content(self, mode: str, body: dict[str, Any]) -> str:
        if mode == "garbage":
            return "Sure! Here is a great article for you."
        prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")  # not the retry's
        answer = canned(prompt)
        return json.dumps(with_invented_figure(answer) if mode == "invented" else answer)

    def send(self, status: int, payload: Any, content_type: str = "application/json") -> None:
        data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
