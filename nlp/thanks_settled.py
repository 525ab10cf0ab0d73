"""Thanks for something already put right: a greeting, however much of a story it tells.

"上礼拜我家水管爆了 是社区的师傅半夜过来关的阀门 现在都修好了 特地来说声谢谢": the story has
the shape of a matter (a place, a party, a time, harm) and the model reads a new petition (0.99),
but all it asks is to be heard saying thanks. By the label guide (``nlp/corpus/LABEL_GUIDE.md``,
rule 11) thanks with nothing to act on is a greeting. Read only where the model reads a new
petition and raises no danger, and only when nothing is left open beside the thanks: no "but",
no ask, no new problem, no request to close a case (withdraw, rule 3) and no grade (rating, rule
2 reads grades before this): docs/NLP.md, session 27, intent32.
"""

from __future__ import annotations

import re

_THANKS = re.compile(r"谢谢|感谢|多谢|辛苦|谢啦|thank")
#: Put right, now ("现在都修好了", "没事了", "身体好多了", "水也通了").
_SETTLED = re.compile(r"(?<![没不])(?:修)?好了|没事了|正常了|好多了|解决了|弄好了|(?<![不没])通了|"
                      r"办完了|好利索|恢复了|"
                      # "特地来说声谢谢": come only to thank, whatever was put right
                      r"(?:特地|特意|专门|专程).{0,6}谢")
#: Anything still open beside the thanks: a "but", an ask, something again or still going on,
#: a new problem, a case to close, a grade.
_LEFT_OPEN = re.compile(
    r"但|可是|不过|还是|又|还没|没修|仍|依然|再(?!见)|能不能|请|麻烦|希望|要求|[?？吗]|怎么|为什么|"
    r"一直|还有|就是|新问题|另一|这回|别的事|撤|结案|不用处理|不用管|取消|满意|好评|[0-9一二三四五]分|星")


def thanks_for_a_settled_matter(text: str) -> bool:
    """Whether normalized ``text`` thanks for something put right and leaves nothing open."""
    return (_THANKS.search(text) is not None and _SETTLED.search(text) is not None
            and _LEFT_OPEN.search(text) is None)
