"""Disappointment with the service, said and nothing else: "算了不指望你们了", "你们就是摆设",
"爱管不管吧", "反映了也白反映".

A petitioner who gives up in words is telling how they feel about the bureau, not a name, a
matter or a question: "“你们就是摆设”看起来不像姓名" answered them while their name was asked,
and "好的。" acknowledged them otherwise. Read by a closed grammar (the phrases below and the
filler around them, nothing else), so a message that goes on to tell a matter ("算了，物业就是
摆设，楼道灯还是不亮") is never taken for it.
"""

from __future__ import annotations

import re

from nlp.normalize import content_chars

_PHRASES = re.compile(
    r"算了|罢了|不指望|指望不上|指望不了|没指望|没什么指望|靠不住|不靠谱|"
    r"白(?:搭|说|费|等|反映|投诉|问|找)|摆设|形同虚设|爱管不管|管不管(?:随便|都行|无所谓)|随便|"
    r"(?:有|有个)(?:什么|啥|屁|鸟|毛)用|没(?:什么|啥)?用|不管用|踢皮球|推来推去|推三阻四|糊弄|敷衍|"
    r"官官相护|失望|寒心|心寒|呵呵|无语|服了|真行|不抱(?:什么)?希望|就这样吧|(?:不|不想|懒得)(?:再)?说了|"
    r"说了也|反映了也|投诉了也|找了也|等了也|(?:都|全都|全是)?一个样|都一样|一丘之貉|"
    r"不为人民服务|不作为|走形式|形式主义|自己想办法|透顶|到家")
_FILLER = re.compile(
    r"你们|我|俺|人家|了|吧|啊|呀|哎|唉|嘿|的|就|真|都|也|太|是|这|那|还|再|又|彻底|已经|早就|"
    r"根本|简直|完全|反正|果然|还是|一样|好|行|吗|呢|么|嘛|信访局|政府|部门|这些|这个|个|东西|帮|些")


def only_disappointment(text: str) -> bool:
    """Whether normalized ``text`` says disappointment with the service and nothing else."""
    if _PHRASES.search(text) is None:
        return False
    rest = _FILLER.sub("", _PHRASES.sub("", text))
    return content_chars(rest) == 0
