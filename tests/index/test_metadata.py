"""Title, author and date guessed from a document's first lines."""

from __future__ import annotations

import pytest

from index.metadata import guess_metadata


@pytest.mark.parametrize(("text", "title"), [
    (" date 2023-06-07 All Sections\nThree people dead due to flooding in occupied Oleshky\n\nBody.",
     "Three people dead due to flooding in occupied Oleshky"),
    ("Quantcast\nSaturday, September 7, 2024\n\nWSJ: Zelenskyy Approved Plan to Attack Nord Stream Pipelines\n",
     "WSJ: Zelenskyy Approved Plan to Attack Nord Stream Pipelines"),
    ("# The Debian history\nFirst paragraph.", "The Debian history"),
    # A line with a date and more to say is a title all the same.
    ("Published June 7, 2023 by the staff of the Kyiv Independent newsroom\nBody.",
     "Published June 7, 2023 by the staff of the Kyiv Independent newsroom"),
])
def test_a_line_that_is_only_a_date_is_not_the_title(text: str, title: str) -> None:
    metadata = guess_metadata(text)
    assert metadata.title == title


@pytest.mark.parametrize(("text", "title"), [
    # A saved page's timestamp before its first line is no part of the title.
    (" date 2022-07-29 Karvia ferry sinks off Tarvik\n\nBody.", "Karvia ferry sinks off Tarvik"),
    # Nor is a key-points bullet or a byline the title; the first line that is neither is.
    ("KEY POINTS\n\n  • At least 12 people were rescued from the ferry\n\nThe Karvia ferry sank on Monday.",
     "The Karvia ferry sank on Monday."),
    ("By Jane Tarvik and Oleg Karvenko\nKarvia ferry operator blames the storm\nBody.",
     "Karvia ferry operator blames the storm"),
])
def test_a_timestamp_a_list_item_or_a_byline_is_not_the_title(text: str, title: str) -> None:
    assert guess_metadata(text).title == title
