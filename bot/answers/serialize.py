"""The stable JSON shape of an answer, which other tools script against (see README)."""

from __future__ import annotations

from typing import Any

from bot.answers.model import Answer, ClaimView, QuoteView
from bot.answers.text import render_text

SCHEMA_VERSION = 1


def _quote(quote: QuoteView) -> dict[str, Any]:
    return {
        "id": quote.id,
        "speaker": quote.speaker,
        "text": quote.text,
        "to": quote.to,
        "setting": quote.setting,
        "when": quote.when,
        "outlets": list(quote.outlets),
        # Each article's own wording, speaker and account of whom, where and when.
        "reports": [
            {
                "outlet": c.outlet,
                "text": c.text,
                "speaker": c.speaker,
                "via": list(c.via),
                "to": c.to,
                "setting": c.setting,
                "when": c.when,
            }
            for c in quote.carriers
        ],
    }


def _claim(claim: ClaimView) -> dict[str, Any]:
    return {
        "id": claim.id,
        "statement": claim.statement,
        "outlets": list(claim.outlets),
        "via": list(claim.via),
        "quotes": [_quote(q) for q in claim.quotes],
        "reports": [
            {
                "article": a.article,
                "outlet": a.outlet,
                "outlet_known": a.outlet_known,
                "via": list(a.via),
                "excerpt": a.excerpt,
                "credit": a.credit,
            }
            for a in claim.attributions
        ],
    }


def answer_to_json(answer: Answer) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "question": answer.question,
        "answered": answer.answered,
        "outcome": answer.outcome,
        "answer": render_text(answer),
        "confidence": answer.confidence,
        "claims": [_claim(c) for c in answer.claims],
        "discrepancies": [
            {
                "id": d.id,
                "topic": d.topic,
                "versions": [
                    {
                        "outlet": v.outlet,
                        "article": v.article,
                        "statement": v.statement,
                        "excerpt": v.excerpt,
                    }
                    for v in d.versions
                ],
            }
            for d in answer.discrepancies
        ],
        "suggestions": list(answer.suggestions),
        "note": answer.note,
        "pack_version": answer.pack_version,
        "kind": answer.kind,
        "lead": answer.lead,
        "steps": list(answer.steps),
        "person": (
            None
            if answer.person is None
            else {
                "id": answer.person.id,
                "name": answer.person.name,
                "role": answer.person.role,
                "description": answer.person.description,
            }
        ),
        "sources": [
            {
                "article": s.article,
                "outlet": s.outlet,
                "outlet_known": s.outlet_known,
                "headline": s.headline,
                "byline": s.byline,
                "summary": s.summary,
                "credits": list(s.credits),
            }
            for s in answer.sources
        ],
        "more": answer.more,
        "understood_as": answer.understood_as,
    }
