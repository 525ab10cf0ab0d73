"""A message that only points at pictures or files sent with it ("如图", "见附件", "照片发你们了").

Material when something came with it; when nothing did, the picture did not arrive — the
channel dropped it, the citizen forgot to attach it, or the channel carries no files — and the
words alone are no name, no phone number, no material and no matter. A closed grammar: the
pointing, the file's name, and only courtesy around them ("你好 请查收 见附件 谢谢"); "我拍了几张
照片 怎么发给你们" asks how to send them and is outside it, as is anything said beside.
"""

from __future__ import annotations

import re

#: What is pointed at.
_FILE = r"(?:附图|图片|图|照片|相片|相片|附件|截图|截屏|视频|录像|录音|文件|扫描件|材料照片|证据照片)"
#: How many, or which.
_HOW_MANY = r"(?:[一两二三四五六七八九十几]张|几个|几段|一段|一个|这些|这几张)?"
#: Who it went to, and that it went.
_TO_US = r"(?:给|到)?(?:你们|您|你)?(?:这边|那边)?(?:过去|过来)?"
_DONE = r"(?:了|啦|咯)?"
_POINTING = (
    rf"(?:详|请|具体)?(?:如|见|看|参见|详见|参考|参看|请看|请见)(?:下|附|一下)?{_HOW_MANY}{_FILE}(?:所示)?|"
    rf"{_HOW_MANY}{_FILE}(?:如下|附后|附上|已附|在附件里?|见附件|在下面|在后面|在下边)|"
    rf"(?:我)?(?:已经?|刚才?|刚刚|都)?(?:把)?{_HOW_MANY}{_FILE}(?:我)?(?:已经?|都|刚)?"
    rf"(?:发|传|上传|附|附上|寄|提交)(?:给|到)?{_TO_US}{_DONE}|"
    rf"(?:我)?(?:已经?|刚才?|刚刚|都)?(?:发|传|上传|附|附上|提交)(?:了)?{_HOW_MANY}{_FILE}{_TO_US}{_DONE}")
#: Courtesy that may stand around it.
_AROUND = r"你好|您好|请查收|查收|请看|谢谢|麻烦了|辛苦了|好的|看一下|看看|了|的|啊|哈|吧|呢|哦"
_ONLY_POINTING = re.compile(rf"(?:{_POINTING}|{_AROUND})*(?:{_POINTING})(?:{_POINTING}|{_AROUND})*")
_BARE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")


def only_points_at_files(text: str) -> bool:
    """``text`` (simplified) says only that pictures or files are with it or were sent."""
    bare = _BARE.sub("", text.lower())
    return bool(bare) and _ONLY_POINTING.fullmatch(bare) is not None
