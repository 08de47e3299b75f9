"""schema.org JSON-LD objects for the theme (overrides/partials/json-ld.html prints them).

hooks/theme_context.py calls these with plain values and puts the result in the page
context. Each returns a dict ready for ``json.dumps``.
"""

from __future__ import annotations

from macros.faq import faq_entries

CONTEXT = "https://schema.org"


def faq_page(entries: object) -> dict:
    """A ``FAQPage`` whose questions and answers are exactly the FAQ data.

    >>> faq_page([{"id": "q", "question": "Why?", "answer": "Because."}])["mainEntity"][0]["acceptedAnswer"]
    {'@type': 'Answer', 'text': 'Because.'}
    """
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": " ".join(entry["question"].split()),
                "acceptedAnswer": {"@type": "Answer", "text": " ".join(entry["answer"].split())},
            }
            for entry in faq_entries(entries)
        ],
    }


def blog_posting(
    *, headline: str, description: str, url: str, date_published: str, author: str, publisher: str,
    section: str = "", word_count: int | None = None,
) -> dict:
    """A ``BlogPosting`` for one post; an author who is also the publisher is an Organization.

    >>> blog_posting(headline="H", description="D", url="https://x/", date_published="2026-06-27",
    ...              author="A", publisher="P")["author"]
    {'@type': 'Person', 'name': 'A'}
    """
    posting = {
        "@context": CONTEXT,
        "@type": "BlogPosting",
        "headline": headline,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": date_published,
        "author": {"@type": "Organization" if author == publisher else "Person", "name": author},
        "publisher": {"@type": "Organization", "name": publisher},
    }
    if section:
        posting["articleSection"] = section
    if word_count:
        posting["wordCount"] = word_count
    return posting
