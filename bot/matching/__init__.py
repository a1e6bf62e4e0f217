"""From a reader's question to ranked facts: normalising text and scoring it against a pack."""

from bot.matching.index import Candidate, MatchIndex, Ranking, Target

__all__ = ["Candidate", "MatchIndex", "Ranking", "Target"]
