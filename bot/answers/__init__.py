"""Answers: what reportbot says to a question, and how it is written out for people and tools."""

from bot.answers.compose import MAX_QUESTION_CHARS, answer_question
from bot.answers.model import Answer

__all__ = ["MAX_QUESTION_CHARS", "Answer", "answer_question"]
