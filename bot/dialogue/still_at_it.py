"""A short follow-up that only says a calm matter is still going on, heard as danger.

"今晚他们还在 十二点了" after a late-night barbecue noise case (violence 0.42 on 今晚, 他们, 在;
by mail, with full stops, 0.68) was told every number to call, the crisis line among them, and
a letter registered a second case at the police. The recall-first head rests such a signal on
words that only point back (他们, 那个, 还在, 又) or tell the time (今晚, 十二点): what the
message adds to the open case is "still, and when". Whether there is danger was the case's own
message to tell; where it told none, the sequel tells none either.

A closed gate, every part required:

- the words the signal rests on are all pointing-back, time or glue words (``_POINTING``);
- the message is short, refers back (``intake.refers_back``) and names no danger word, no act
  of self-harm and no hard life (``alarm.no_danger_told``);
- never self-harm, however faint (the crisis line is the one number not to leave out), and never
  an accusation;
- the sender has exactly one open case, and that case's own text names no danger either.

A reply that only points back ("就是刚才说的", self-harm 0.14 on 刚才, 就, 说;
``bot.dialogue.pointer``) needs only the last: it tells nothing of its own, so not even a
faint self-harm signal rests on anything the citizen said; the case it points at named none.

Over the labelled phrasing files (dev and held-out files aside: 66,542 rows, 11,599 flagged),
no flagged row of any label has its signal resting on these words alone: the rule reads only
what a conversation adds, a follow-up to a calm case (session 25, helper convo30).
"""

from __future__ import annotations

from bot.corrections import case_text
from bot.dialogue import intake
from bot.dialogue.alarm import no_danger_told
from bot.dialogue.pointer import only_points_back
from bot.dialogue.turn import Turn
from nlp import EMERGENCY_KINDS
from nlp.dialogue_lexicon import CONCEPTS
from nlp.normalize import content_chars, normalize

#: Longer than this, a follow-up may tell something of its own (as ``goes_on``'s fragments).
_SEQUEL_CHARS = 20

#: Words that point back at what was told, tell the time, or hold a short sentence together:
#: none of them can carry a danger by itself.
_POINTING = frozenset({
    "他们", "她们", "他", "她", "它", "这", "那", "这个", "那个", "这家", "那家", "这样", "那样",
    "上面", "前面", "在", "还", "还在", "又", "又是", "了", "就", "也", "都", "还是", "一直",
    "仍然", "依旧", "已经", "今晚", "今天", "昨晚", "昨天", "晚上", "今早", "半夜", "凌晨",
    "点", "点了", "点半", "十", "十一", "十二", "麻烦", "尽快", "请", "我", "的", "是",
})

#: Every kind's words of danger, self-harm's among them, and the words of urgency ("快来",
#: "马上", "报警"): nlp.dialogue_lexicon.
_DANGER_WORDS = tuple(word for kind in (*EMERGENCY_KINDS, "urgent") for word in CONCEPTS[kind])


def only_still_at_it(turn: Turn) -> bool:
    """True when the signal is a calm open case's "still going on" (see the module's gate)."""
    analysis = turn.analysis
    if not analysis.emergency or analysis.accusation:
        return False
    if not only_points_back(turn.text):  # "就是刚才说的" tells nothing, whatever the kind heard
        if (analysis.emergency_kind == "self_harm" or not analysis.emergency_terms
                or not all(term in _POINTING for term in analysis.emergency_terms)):
            return False
        text = normalize(turn.text)
        if (content_chars(text) > _SEQUEL_CHARS or not intake.refers_back(text)
                or not no_danger_told(text, _DANGER_WORDS)):
            return False
    cases = turn.open_cases()
    if len(cases) != 1:
        return False
    return no_danger_told(normalize(case_text(turn.session, cases[0])), _DANGER_WORDS)
