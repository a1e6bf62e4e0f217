"""Placeholder replaced below."""
from bot.answers.compose import answer_question


class Conversation:
    def ask(self, question, snapshot):
        return answer_question(question, snapshot)
