"""A public service asked about, not this bot: a question, however it reads as a call for help.

"医保异地就医备案怎么弄啊", "我打算开个小饭馆 消防验收要怎么弄": "怎么弄" is how help rows ask
how to work the bot (怎么用, 怎么发语音, 菜单), so the model reads help. By the label guide
(``nlp/corpus/LABEL_GUIDE.md``) help asks how to use this bot or what it can do; a procedure of
government asked about is a question (rule 12), answered from the FAQ, not with the bot's menu.
Over the labelled training phrasings no help row names a public service without naming the bot
or its use beside it ("这个号可以反映医保的事吗", "你们这个公众号能查社保吗" stay help):
docs/NLP.md, session 27, intent32.
"""

from __future__ import annotations

import re

#: A service, document or benefit of government: what a question of procedure is about.
_PUBLIC_SERVICE = re.compile(
    r"医保|社保|公积金|户口|户籍|身份证|驾照|驾驶证|消防|执照|营业|备案|低保|养老|补贴|办证|个税|"
    r"纳税|税务|房产证|不动产|结婚证|离婚|出生证|准生|生育|落户|居住证|签证|护照|学籍|入学|就医|"
    r"报销|退休|残疾|供暖|暖气|医疗|证明|年检|审批|许可证|资质|农保|新农合|退役|优抚|殡葬|工伤|"
    r"失业|五保|特困|宅基地|拆迁|补偿|疫苗|接种|公租房|廉租房|违章|车牌|摇号|招聘|考试|社区|街道|"
    r"派出所|民政|人社|政策|标准|待遇|补助|津贴")
#: This bot, its channel or its use: a help row names one of these beside any service it names.
_THE_BOT = re.compile(
    r"机器人|小程序|公众号|这个号|本号|平台|系统|app|菜单|按钮|按哪|点哪|功能|语音|打字|图片|照片|"
    r"视频|附件|截图|上传|这里|这上|在这|你们管|管哪|能干|能办|能做|办啥|干啥|干嘛|help|menu|使用|"
    r"说明|教我|教一下|不会用|怎么用|咋用|助手|热线|这个能|这能|12345", re.IGNORECASE)


def asks_of_a_public_service(text: str) -> bool:
    """Whether normalized ``text`` names a public service and nothing of this bot or its use."""
    return _PUBLIC_SERVICE.search(text) is not None and _THE_BOT.search(text) is None
