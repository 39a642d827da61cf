"""Words the window shows in more than one place (counted nouns: ``core.wording``).

Mnemonics (the ``&`` letters) are chosen here so that no two visible
controls of one window share one; a test walks every window to check.
"""

from __future__ import annotations

DECK_LIMIT_WHERE = "Change a deck's limit in File > Decks…"
TOTAL_LIMIT_WHERE = "Change the cap in Tools > Settings."
STUDY_DECK_BUTTON = "Study this deck  (Enter)"
BACK_TO_DECKS = "‹ Decks  (Esc)"
CHECK_BUTTON = "&Check  (Enter)"
CHECK_LIST_BUTTON = "&Check  (Ctrl+Enter)"
SHOW_ANSWER_BUTTON = "Show answer  (Space)"
EMPTY_ANSWER_HINT = (
    "Nothing given yet. Answer and press Enter, or press Ctrl+Enter to check it empty "
    "and see the answer."
)
NEW_AS_CHOICE = "Ask short answers as &multiple choice while a card is new"
NEW_AS_CHOICE_TITLE = "Multiple choice while new"
NEW_AS_CHOICE_TIP = (
    "A new short-answer card of this deck is asked as multiple choice among the deck's other "
    "answers of the same kind; once learnt it is typed. The same card: its progress counts "
    "either way."
)
OPEN_SOUND = "▶ Open the sound ({name})"
OPEN_SOUND_TIP = "Opens the sound in your system's player: dlquiz does not play sounds itself"
SOUND_OPENED = "{name} was handed to your system's player."
SOUND_NOT_OPENED = "No program on this computer opened {name}, so it was not played."
SOUND_NOT_WRITTEN = "{name} could not be written for your player: {reason}"
