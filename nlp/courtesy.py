"""Thanks and acknowledgements: the words every reader skips as saying nothing of a matter.

One vocabulary, so that a thanks the rating reader knows ("谢了", "3q") is known to the slot
and rating readers of the dialogue too. Patterns are alternations for ``re``, longest first;
callers match them on lowercased text with spaces and punctuation removed where they say so.
"""

from __future__ import annotations

import re

#: Thanks ("thank you" also as written with its space).
THANKS = (r"谢谢你们|谢谢你|谢谢您|谢谢|谢了|感谢|多谢|辛苦了|辛苦|麻烦了|3q|3x|thx|"
          # "thanks a lot", "thank you so much": read as thanks, not as a name given
          r"(?:thanks|thank ?you)(?: ?(?:so|very) ?much| ?a ?lot| ?again| ?all)?|many ?thanks|cheers")
#: Acknowledgements of what the bot said.
ACKNOWLEDGEMENTS = r"知道了|明白了|明白|了解|收到|好的|好|嗯|哦|噢|okay|ok"
#: Greetings.
GREETINGS = r"你好|您好|hello|hi"
#: Calls that open a conversation or check someone is there ("在吗", "有人吗", "喂"): with
#: GREETINGS, the words of a salutation; an acknowledgement ("好吧", "ok") has none of them.
CALLS = (r"在吗|在嘛|在么|在不在|在不|有人吗|有人在吗|有没有人|喂|哈喽|嗨|hey|"
         r"早上好|上午好|中午好|下午好|晚上好|早安")
#: A letter's closing formulas: typed line by line after a letter, they close it and say
#: nothing of the matter or of the writer ("此致" is no name and no address).
CLOSINGS = (r"此致敬礼|此致|敬礼|敬上|谨上|顺颂商祺|顺颂时祺|祝工作顺利|祝好|盼复|盼回复|"
            r"静候佳音|望批复|bestregards|regards|sincerely")  # matched without spaces


#: Thanks for the trouble, said to whoever reads ("麻烦你们了", "给您添麻烦了", "辛苦各位了",
#: "打扰了"): the trouble word and at most the bureau addressed. "给大家添麻烦了" is not among
#: them — 大家 is everyone, the wording of a farewell — nor is any word of the writer's life.
_TROUBLE = (r"(?:真是|真的|实在|太|又|老是)?(?:给|让)?(?:你们|您们|您|你|各位|领导|同志们?|工作人员)?"
            r"(?:添麻烦|麻烦|打扰|辛苦)(?:一下)?(?:你们|您们|您|你|各位|领导|同志们?|工作人员)?"
            r"(?:了|啦)")
_ADDRESSED_COURTESY = re.compile(
    rf"(?:{_TROUBLE}|{THANKS}|{GREETINGS}|哈|啊|呀|哦|嗯|呢|吧|啦|的|\s|[,，.。!！~～、…])+",
    re.IGNORECASE)
_ANY_TROUBLE = re.compile(_TROUBLE)


def thanks_for_the_trouble(text: str) -> bool:
    """The whole message thanks the reader for the trouble ("麻烦你们了", "辛苦了 谢谢", "给你们添
    麻烦了"): a closed grammar of courtesy with room for no other word. The emergency head hears
    "麻烦你们了" faintly as self-harm (0.02: the farewell "给大家添麻烦了" is in its training);
    said alone to the bureau it is a courtesy."""
    stripped = text.strip()
    return bool(stripped) and _ANY_TROUBLE.search(stripped) is not None \
        and _ADDRESSED_COURTESY.fullmatch(stripped) is not None
