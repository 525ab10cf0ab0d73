"""Thanks and acknowledgements: the words every reader skips as saying nothing of a matter.

One vocabulary, so that a thanks the rating reader knows ("谢了", "3q") is known to the slot
and rating readers of the dialogue too. Patterns are alternations for ``re``, longest first;
callers match them on lowercased text with spaces and punctuation removed where they say so.
"""

from __future__ import annotations

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
