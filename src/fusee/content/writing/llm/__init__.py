"""The llm writer: any OpenAI-compatible endpoint writes the prose of the extractive writer's assets."""

from .client import LlmClient, LlmUnavailable, llm_client, llm_configured
from .prompting import PromptError
from .writer import llm_articles, llm_emails, llm_posts

__all__ = [
    "LlmClient",
    "LlmUnavailable",
    "PromptError",
    "llm_articles",
    "llm_client",
    "llm_configured",
    "llm_emails",
    "llm_posts",
]
