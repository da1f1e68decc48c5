"""The llm writer: any OpenAI-compatible endpoint writes the prose of the extractive writer's assets
(articles, LinkedIn posts, digest emails, the ebook)."""

from .client import LlmClient, LlmUnavailable, llm_client, llm_configured
from .ebook import llm_ebook
from .prompting import PromptError
from .writer import llm_articles, llm_emails, llm_posts

__all__ = [
    "LlmClient",
    "LlmUnavailable",
    "PromptError",
    "llm_articles",
    "llm_client",
    "llm_configured",
    "llm_ebook",
    "llm_emails",
    "llm_posts",
]
