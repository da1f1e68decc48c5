"""A small client for any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, llama.cpp, hosted).

One POST to {base}/chat/completions per question. Connection errors, 429 and 5xx are retried
with exponential back-off (3 attempts); a read timeout, any other refusal, or an answer that is
not a chat completion raises `LlmUnavailable` naming the endpoint, never the key.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings

from fusee.config.env import redact
from fusee.core.errors import DomainError

CONNECT_TIMEOUT = 5.0
ATTEMPTS = 3
BACKOFF = 1.0  # seconds before the second attempt, doubled before each next one
RETRY_STATUSES = {429, 500, 502, 503, 504}
TEMPERATURE = 0.2
HINTS = {
    401: " (check FUSEE_LLM_API_KEY)",
    403: " (check FUSEE_LLM_API_KEY)",
    404: " (check FUSEE_LLM_BASE_URL, which usually ends in /v1, and FUSEE_LLM_MODEL)",
}


class LlmUnavailable(DomainError):
    """The endpoint cannot be reached, refuses the request or answers something unreadable."""


@dataclass
class LlmClient:
    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout: float = 120.0
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF
    json_mode: bool = True  # response_format json_object, dropped once if the server refuses it
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    @property
    def where(self) -> str:
        return f"the language model {self.model!r} at {redact(self.base_url)}"

    def complete(self, messages: list[dict[str, str]], *, max_tokens: int = 4000) -> str:
        """The assistant's text for these messages."""
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": TEMPERATURE,
            "max_tokens": max_tokens,
        }
        if self.json_mode:
            payload["response_format"] = {"type": "json_object"}
        response = self._post(payload)
        if response.status_code == 400 and self.json_mode and "response_format" in response.text:
            self.json_mode = False  # an older server: ask for JSON in the prompt only
            payload.pop("response_format")
            response = self._post(payload)
        if response.status_code >= 400:
            hint = HINTS.get(response.status_code, "")
            raise LlmUnavailable(
                f"{self.where} refused the request: HTTP {response.status_code} "
                f"{self._hidden(response.text[:200])}".rstrip() + hint
            )
        return self._content(response)

    def _post(self, payload: dict[str, Any]) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        url = f"{self.base_url.rstrip('/')}/chat/completions"
        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self.session.post(
                    url, json=payload, headers=headers, timeout=(CONNECT_TIMEOUT, self.timeout)
                )
            except requests.ConnectTimeout:
                problem = f"no connection within {CONNECT_TIMEOUT:g} s"
                continue
            except requests.Timeout:  # the model is slow, not away: asking again would be as slow
                raise LlmUnavailable(
                    f"{self.where} gave no answer within {self.timeout:g} s (FUSEE_LLM_TIMEOUT)"
                ) from None
            except requests.RequestException as error:
                problem = _reason(error)
                continue
            if response.status_code not in RETRY_STATUSES:
                return response
            problem = f"HTTP {response.status_code}"
        raise LlmUnavailable(
            f"{self.where} cannot be reached ({self._hidden(problem)}) "
            f"after {self.attempts} attempts; check FUSEE_LLM_BASE_URL and that the "
            f"server is running"
        )

    def _content(self, response: requests.Response) -> str:
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            content = None
        if not isinstance(content, str):
            raise LlmUnavailable(
                f"{self.where} did not answer with an OpenAI-compatible chat completion "
                f"(HTTP {response.status_code}, {response.headers.get('Content-Type', '?')})"
            )
        return content

    def _hidden(self, text: str) -> str:
        """Never show the key, even when a server echoes it in an error."""
        return text.replace(self.api_key, "***") if self.api_key else text


def _reason(error: requests.RequestException) -> str:
    """ "connection refused" rather than urllib3's nested repr."""
    text = str(error)
    for known in (
        "Connection refused",
        "Name or service not known",
        "No route to host",
        "Temporary failure in name resolution",
        "certificate verify failed",
    ):
        if known in text:
            return known.lower()
    return type(error).__name__


def llm_configured() -> bool:
    return bool(settings.FUSEE_LLM_BASE_URL and settings.FUSEE_LLM_MODEL)


def llm_client() -> LlmClient:
    """The client the settings describe (FUSEE_LLM_*)."""
    if not llm_configured():
        raise LlmUnavailable("the llm writer needs FUSEE_LLM_BASE_URL and FUSEE_LLM_MODEL")
    return LlmClient(
        base_url=settings.FUSEE_LLM_BASE_URL,
        model=settings.FUSEE_LLM_MODEL,
        api_key=settings.FUSEE_LLM_API_KEY,
        timeout=settings.FUSEE_LLM_TIMEOUT,
        backoff=BACKOFF,
    )
