"""One's own request lodged with an office, waited on long, and nothing yet.

"我的低保申请交上去三个月了还没批下来", "报的修等了一个月没人来", "残疾证办了半年还没下来": the
writer tells what they applied for or reported, how long it has been, and that nothing came.
The dialogue model reads these as status questions (0.9 and more), and from a sender with no
case here the bot answered "您目前在这里没有办理中的事项" — the matter dropped. Told to the
bureau with no case of ours to ask after, it is a complaint of an office's inaction: a new
matter (``bot.dialogue.status.tells_a_matter``).

A closed grammar of three parts in one message: a request of the writer's own kind (an
application, a repair reported, a certificate or benefit being processed), a span of time, and
"not yet". A petition to us named as what is waited on ("我反映的事两个月了还没消息": 反映,
投诉, 举报, 信访, 工单 …) is a status question by the label guide and is left out.
"""

from __future__ import annotations

import re

#: What the writer lodged with an office: an application, a repair reported, a licence or a
#: benefit being processed ("低保申请", "报的修", "报修", "残疾证办了", "手续交上去").
_REQUEST = re.compile(
    r"申请|申领|申报|报的修|报了修|报修|报过修|审批|审核|批复|"
    r"(?:证|照|卡|手续|材料|资料|补贴|补助|低保|医保|社保|养老金|退休金|退税|贷款|落户|户口|许可)"
    r"(?:的事)?(?:都|也)?(?:办了|办的|交了|交上去|递上去|送上去|提交了|报上去|等了)")
#: How long ("三个月了", "半年", "一个多月", "两周", "40天").
_SPAN = re.compile(r"(?:[一二两三四五六七八九十几半多\d]+|好几)(?:个)?多?(?:天|日|周|星期|礼拜|月|年)|"
                   r"半年|大半年|好久|很久|这么久|那么久")
#: Nothing yet ("还没批下来", "没人来", "一直没消息", "迟迟不批", "至今没有结果").
_NOT_YET = re.compile(r"还没|还不|还是没|都没|也没|没(?:有)?(?:人|动静|消息|下文|结果|回音|批|下来|办|到账|通知)|"
                      r"迟迟|至今|一直|仍然|仍未|尚未|不见|杳无")
#: A petition to us, or a ticket of the hotline, named as what is waited on: a status question.
_OUR_PETITION = re.compile(r"反映|投诉|举报|信访|上访|诉求|来信|留言|工单|编号|查询码|你们")
#: Progress asked, not a complaint told ("还要等多久", "到底批没批", "是卡住了吗"): the label
#: guide's status question, answered as one.
_ASKS_PROGRESS = re.compile(r"[?？]|吗|嘛|么|多久|多长时间|什么时候|啥时候|何时|几时|到底|究竟|"
                            r"(\w)没\1|有没有|是不是|能不能|怎么回事|咋回事")


def waited_on_own_request(text: str) -> bool:
    """Normalized ``text`` tells one's own request lodged, a span waited, and nothing yet, names
    no petition to us as the thing waited on, and asks nothing of its progress."""
    return (_REQUEST.search(text) is not None and _SPAN.search(text) is not None
            and _NOT_YET.search(text) is not None and _OUR_PETITION.search(text) is None
            and _ASKS_PROGRESS.search(text) is None)
