"""The fact pack: its data model, loading and validation, and the live snapshot."""

from bot.knowledge.errors import PackError, PackInvalid
from bot.knowledge.loader import load_pack
from bot.knowledge.model import KnowledgeBase

__all__ = ["KnowledgeBase", "PackError", "PackInvalid", "load_pack"]
