"""Rating wordings and look-alikes: the table the rating reader is measured on.

Written for this table (not the probe's sentences). ``RATINGS``: what a citizen replies to the
rating request, with the grade the documented scale gives it (nlp/rating.py: 5 非常满意,
4 满意, 3 基本满意, 2 不满意, 1 非常不满意). ``ASKED``: replies that are a rating whose grade
is unclear: the bot asks for the figure. ``LOOK_ALIKES``: no rating, with whether a case awaits
its rating (True) or none does (False).
"""

from __future__ import annotations

RATINGS: list[tuple[str, int]] = [
    # figures, with and without units
    ("4", 4), ("1", 1), ("２", 2), ("打4分", 4), ("给2分", 2), ("我给你们打三分", 3),
    ("评5分", 5), ("五分", 5), ("4分吧", 4), ("就给一分吧", 1), ("两分", 2), ("四星", 4),
    ("给个五星", 5), ("一颗星", 1), ("3颗星", 3), ("满分！", 5), ("满分，谢谢你们", 5),
    # thumbs, as a chat app sends them
    ("👍", 5), ("👍👍", 5), ("👎", 2),
    ("五星好评", 5), ("零分", 1), ("0分", 1), ("4/5", 4), ("5 stars", 5), ("2 stars", 2),
    ("rate it 4", 4), ("给你们打个满分", 5),
    # satisfied, with degree
    ("满意", 4), ("满意的", 4), ("满意了", 4), ("挺满意的", 4), ("比较满意", 4), ("还算满意", 4),
    ("蛮满意的", 4), ("总体满意", 4), ("很满意", 5), ("非常满意", 5), ("特别满意！", 5),
    ("十分满意", 5), ("超级满意", 5), ("太满意了", 5), ("相当满意", 5), ("真的很满意", 5),
    ("百分之百满意", 5), ("满意极了", 5), ("我很满意，谢谢", 5), ("对处理结果非常满意", 5),
    ("对你们的答复挺满意的", 4), ("基本满意", 3), ("基本上满意吧", 3), ("勉强满意", 3),
    # dissatisfied, with degree and negation
    ("不满意", 2), ("不太满意", 2), ("不大满意", 2), ("不怎么满意", 2), ("不是很满意", 2),
    ("不是特别满意", 2), ("有点不满意", 2), ("比较不满意", 2), ("谈不上满意", 2),
    ("很不满意", 1), ("非常不满意！", 1), ("特别不满意", 1), ("极不满意", 1),
    ("一点也不满意", 1), ("一点都不满意", 1), ("完全不满意", 1), ("根本不满意", 1),
    ("太不满意了", 1), ("不满意至极", 1), ("很失望", 1), ("非常失望", 1), ("失望", 2),
    ("有点失望", 2), ("差评", 2), ("给差评", 2), ("不认可", 2), ("好评", 4), ("给个好评", 4),
    ("没什么不满意的", 4), ("没有不满意", 4), ("没啥不满意的", 4), ("没意见", 4),
    ("说不上满意也说不上不满意", 3),
    # short forms and dialect
    ("中", 3), ("中！", 3), ("还行", 3), ("还行吧", 3), ("还可以", 3), ("还可以吧", 3),
    ("可以", 3), ("凑合", 3), ("凑合吧", 3), ("马马虎虎", 3), ("一般", 3), ("一般般", 3),
    ("过得去", 3), ("说得过去", 3), ("中规中矩", 3), ("还好吧", 3), ("不错", 4),
    ("挺不错的", 4), ("挺好的", 4), ("蛮好", 4), ("很好", 5), ("非常好", 5), ("太棒了", 5),
    ("点赞", 5), ("给力！", 5), ("没得说", 5), ("杠杠的", 5), ("完美", 5), ("不好", 2),
    ("不太好", 2), ("不咋地", 2), ("不怎么样", 2), ("差", 2), ("太差了", 1), ("太差劲了", 1),
    ("差劲透了", 1), ("很差", 1), ("垃圾", 1), ("糟糕透了", 1), ("一点用都没有", 1),
    ("没用", 1), ("一塌糊涂", 1),
    # with thanks or a reason
    ("满意，谢谢你们的帮助", 4), ("非常满意，辛苦了！", 5), ("满意满意", 4),
    ("问题已经解决了，很满意", 5), ("路灯修好了，非常满意", 5), ("很满意，处理很及时", 5),
    ("不满意，问题还在", 2), ("不满意，到现在也没人联系我", 2), ("很不满意，敷衍了事", 1),
    ("非常不满意，推来推去", 1), ("答复太笼统了，不太满意", 2), ("处理太慢，不满意", 2),
    ("态度还行，给3分", 3), ("还可以吧，4分", 4), ("凑合，三分吧", 3), ("处理得不错，五星", 5),
    ("不满意，1分", 1), ("差评，根本没解决", 2), ("一般，问题只解决了一半", 3),
    ("满意，工作人员很负责", 4),
    # traditional characters
    ("滿意", 4), ("非常滿意", 5), ("不太滿意", 2), ("很不滿意，沒人來處理", 1), ("還行吧", 3),
    ("給五顆星", 5), ("湊合", 3), ("處理得很好，謝謝", 5),
    # English
    ("satisfied", 4), ("very satisfied", 5), ("Very satisfied, thank you!", 5),
    ("I am quite satisfied", 4), ("not satisfied", 2), ("dissatisfied", 2),
    ("very dissatisfied", 1), ("not happy", 2), ("unhappy", 2), ("very unhappy", 1),
    ("happy with the result", 4), ("good", 4), ("great", 5), ("excellent!", 5), ("so-so", 3),
    ("terrible", 1), ("bad", 2), ("disappointed", 2),
]

ASKED: list[str] = [
    "态度满意，结果不满意", "很满意，1分", "3分还是4分", "不满意，5分", "满意，但是给2分",
]

LOOK_ALIKES: list[tuple[str, bool]] = [
    # thanks and acknowledgements, a case awaiting its rating
    ("谢谢", True), ("3q 收到", True), ("谢谢你们", True), ("好的，谢谢", True), ("收到", True),
    ("好的", True), ("辛苦了", True), ("thanks", True), ("ok", True), ("知道了，谢谢", True),
    ("thx", True), ("嗯嗯", True), ("多谢多谢", True),
    # questions about rating or satisfaction
    ("满意吗？", True), ("要打几分？", True), ("怎么评价？", True), ("不满意怎么办", True),
    ("不满意可以申请复查吗", True), ("满意度怎么打分", True), ("评价有什么用？", True),
    ("what should i rate?", True), ("你们满意吗", True),
    # requests riding on dissatisfaction: the appeal, not a grade
    ("对答复不满意，要求复查", True), ("不满意，我要申请复核", True), ("不满意，请重新处理", True),
    # complaints that say 不满意 / 差 about something else
    ("我对物业很不满意，垃圾一周没人收", False), ("对小区物业非常不满意", True),
    ("楼下饭馆油烟太大，邻居们都很不满意", False), ("对开发商的做法很不满意，要求退房", False),
    ("公交车服务态度太差了，司机骂人", False), ("物业太差劲了", False),
    ("我对邻居的做法很不满", True), ("菜市场卫生很差，到处是垃圾", False),
    ("学校食堂的饭菜很差，孩子们都吃不饱", False), ("这条路的路况太差，坑坑洼洼", True),
    # greetings, names, particulars, digits that are no grade
    ("你好", True), ("张三", True), ("我叫李中", True), ("5号楼漏水", True),
    ("我家住在3栋", False), ("电话13800001111", True), ("在吗", True),
    ("满意度调查是什么", False), ("我的投诉怎么样了", True), ("查询", True),
]
