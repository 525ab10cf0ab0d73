"""The console's Chinese words: labels for states, actions, fields, channels and roles, and the
workflow's refusals (written in English for the CLI and the API) said again in Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Final

from bot import catalogue

ROLES = {"clerk": "登记分办员", "handler": "承办单位", "supervisor": "督办（领导）",
         "admin": "管理员"}

STATUSES = {
    "registered": "已登记", "accepted": "已受理", "not_accepted": "不予受理",
    "assigned": "已分办", "answered": "已答复", "rated": "已评价", "closed": "已办结",
    "review_requested": "复查中", "review_answered": "复查已答复",
    "rereview_requested": "复核中", "rereview_answered": "复核已答复", "final": "已终结",
    "merged": "已并单", "withdrawn": "已撤回",
}

ACTIONS = {
    "accept": "受理", "reject": "不予受理", "accuse": "登记被检举单位", "assign": "分办",
    "object": "退单", "consent": "退单审核", "unit_accept": "承办单位受理告知",
    "dispute": "管辖争议", "settle": "争议裁定分办", "report": "办结报告", "extend": "延期", "answer": "答复",
    "rate": "登记评价", "delivered": "登记送达", "close": "办结", "review": "登记复查申请",
    "review_answer": "复查答复", "rereview": "登记复核申请", "hearing_start": "听证开始",
    "hearing_end": "听证结束", "rereview_answer": "复核答复", "final": "终结",
    "merge": "并单", "withdraw": "撤回",
    # Records that are not workflow transitions (timeline only).
    "register": "登记", "route_proposed": "分办建议", "emergency": "紧急情况",
    "instruct": "领导批示", "category_confirmed": "确认类别", "category_set": "更正类别",
    "judged": "机器判断", "emergency_in_dialogue": "对话中出现紧急情况", "judgement_confirmed": "确认判断", "judgement_set": "更正判断",
    "supplement": "补充材料", "particulars_given": "提供个人信息",
    "particulars_corrected": "更正个人信息", "particulars_correction_told": "说明个人信息有误（待提供完整信息）",
    "desk_registered": "窗口登记", "supervise": "督办提示", "repeat_attached": "重复信访并入",
    "collective_alert": "集体信访预警", "intake_answer": "补充登记信息",
    "opted_out": "退订通知", "category_disputed": "信访人对类别有异议",
    "art36_flag": "疑似复核后重复信访", "repeat_after_final": "复核后重复信访（不予受理）",
    "escalate": "督办升级", "deadline_recomputed": "期限按新日历重算",
    "several_matters": "一信多事（待分出登记）", "split": "分出登记", "split_to": "分出登记为新事项",
    "split_from": "由原事项分出登记", "accusation_attached": "含检举控告（防火墙）",
}

FIELDS = {
    "unit": "承办单位", "mode": "分办方式", "reason": "理由", "route": "法定途径",
    "text": "内容", "decision": "处理意见", "facts": "事实和理由", "basis": "依据",
    "accused": "被检举单位", "into": "并入事项编号", "days": "延期天数", "approver": "批准人",
    "on": "送达日期", "score": "评分（1-5）",
    "override": "仍予受理的理由（第三十六条）",
    "reviewer": "复查 / 复核机关（默认：上一级单位）", "agree": "是否同意退单（同意 / 不同意）",
    "other": "争议的另一单位",
}

class _ChannelNames(Mapping[str, str]):
    """Channel labels: the bot's own ways in, then every channel's capabilities
    (``bot.catalogue``), so a new channel brings its label with it."""

    _SOURCES: Final = {"open311": "Open311", "visit": "来访", "phone": "来电", "letter": "来信",
                       "web": "网上信访"}

    def _table(self) -> dict[str, str]:
        return catalogue.current().display_names() | self._SOURCES

    def __getitem__(self, key: str) -> str:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


CHANNELS: Mapping[str, str] = _ChannelNames()

NOTICES = {
    "accepted": "受理告知", "not_accepted": "不予受理告知", "assigned": "分办告知",
    "extended": "延期告知", "opinion": "信访处理意见书", "review_received": "复查受理告知",
    "review_opinion": "复查意见书", "rereview_received": "复核受理告知",
    "rereview_opinion": "复核意见书", "final": "终结告知", "closed": "办结告知",
    "merged": "并单告知", "withdrawn": "撤回告知", "rating_request": "评价邀请",
    "appointment_booked": "预约告知", "appointment_reminder": "接访提醒",
    "return_visit": "回访告知", "dispatch": "交办单", "supervision": "督办提示",
    "unit_accepted": "承办单位受理告知", "dispute": "管辖争议告知", "appeal_offered": "回访后复查告知",
    "split_registered": "分出登记告知",
}

OUTBOX = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败",
          "inline": "已当场答复", "suppressed": "未发送（已退订）"}

DELIVERY = {"sent": "渠道已接收", "delivered": "已送达", "undelivered": "未送达",
            "failed": "失败", "bounced": "退信", "rejected": "被拒收", "read": "已读"}

LEVELS = {"county": "区县", "city": "市", "default": "默认", "triage": "人工分办",
          "law": "法定途径"}

STAGES = {"acceptance": "受理告知", "handling": "办理答复", "review": "复查答复",
          "rereview": "复核答复"}

#: Why a message no case holds was flagged for a person (``bot.flagged``); "" for a message its
#: channel flagged on arrival (unreadable) or flagged before reasons were kept.
FLAG_REASONS = {"person": "要求人工服务", "emergency": "疑似紧急情况",
                "flood": "短时间内消息过多（已停止自动回复）", "failed": "自动处理失败",
                "unreadable": "无法读取", "": "收件时标注（如无法读取）"}

#: The dialogue's judgements of a message, and the values they take (triage's reasons).
JUDGEMENTS = {"intent": "意图", "emergency": "紧急情况", "accusation": "检举控告",
              "legal_route": "法定途径", "category": "类别"}
INTENTS = {
    "new_petition": "新的信访事项", "status_query": "查询进度", "supplement": "补充材料",
    "rating": "评价", "help": "帮助", "opt_out": "退订", "opt_in": "恢复订阅",
    "greeting": "问候或致谢", "list_cases": "查看事项", "appeal": "复查复核请求",
    "booking": "预约接访", "question": "咨询问题", "particulars": "提供个人信息",
    "withdraw": "撤回",
}
EMERGENCY_KINDS = {
    "no": "非紧急", "yes": "紧急", "self_harm": "自伤自杀风险", "violence": "暴力",
    "fire": "火灾爆炸", "gas": "燃气泄漏", "accident": "事故", "medical": "急病伤情",
    "mass_incident": "群体性事件",
}
VALUES = {"intent": INTENTS, "emergency": EMERGENCY_KINDS,
          "accusation": {"yes": "是", "no": "否"}}


def label(table: Mapping[str, str], key: str) -> str:
    return table.get(key, key)


def refusal(message: str) -> str:
    """The reason a transition was refused, in Chinese (the English kept when unknown)."""
    for pattern, say in _REFUSALS:
        found = pattern.search(message)
        if found is not None:
            return say(found)
    return f"操作未执行：{message}"


def _states(names: str) -> str:
    return "、".join(f"「{label(STATUSES, s.strip())}」" for s in names.split(" or "))


def _fields(names: str) -> str:
    return "、".join(label(FIELDS, s.strip()) for s in names.split(","))


_REFUSALS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^cannot (\w+) case (\S+): it is (\w+), and \w+ needs (.+)$"),
     lambda m: f"不能对 {m[2]} 执行「{label(ACTIONS, m[1])}」：该事项目前{label(STATUSES, m[3])}，"
               f"此操作只适用于{_states(m[4])}状态的事项。"),
    (re.compile(r"^(\w+) needs (.+)$"),
     lambda m: f"「{label(ACTIONS, m[1])}」还需要填写：{_fields(m[2])}。"),
    (re.compile(r"^firewall: (.+?) is "),
     lambda m: f"防火墙拒绝：{m[1]} 是被检举单位或其下级单位；检举控告不得转交被检举的单位或人员"
               f"（《信访工作条例》第三十条、第四十六条）。"),
    (re.compile(r"is a 检举控告: record the accused"),
     lambda m: "该事项为检举控告：请先登记被检举单位，系统据此检查分办对象（防火墙）。"),
    (re.compile(r"was 交办 to (.+?): record the unit's report"),
     lambda m: f"该事项已交办至{m[1]}：答复前须先登记承办单位的办结报告。"),
    (re.compile(r"^assign mode must be"), lambda m: "分办方式只能是「转送」或「交办」。"),
    (re.compile(r"^decision must be one of"),
     lambda m: "处理意见只能是「支持」「解释说明」或「不予支持」。"),
    (re.compile(r"^an opinion needs the facts and reasons found and its legal basis"),
     lambda m: "意见书须写明处理意见、事实和理由及法律依据（《信访工作条例》第三十二条），"
               "请补全后再发出。"),
    (re.compile(r"^name the (复查|复核) body"),
     lambda m: f"请填写{m[1]}机关：单位表中找不到承办单位的上级机关。"),
    (re.compile(r"has no 退单 waiting for consent"), lambda m: "该事项没有待审核的退单。"),
    (re.compile(r"already told the petitioner it accepted"),
     lambda m: "承办单位已告知信访人受理情况，无需重复。"),
    (re.compile(r"has no open jurisdiction dispute"), lambda m: "该事项没有未决的管辖争议。"),
    (re.compile(r"a jurisdiction dispute is between two different units"),
     lambda m: "管辖争议须发生在两个不同单位之间。"),
    (re.compile(r"^report is for 交办 cases"), lambda m: "办结报告只用于交办的事项。"),
    (re.compile(r"^extend: days must be"), lambda m: "延期天数须为整数。"),
    (re.compile(r"^extend: at most (\d+) days in all.*?(\d+) already granted"),
     lambda m: f"延期累计不得超过 {m[1]} 日（《信访工作条例》第三十四条），已延期 {m[2]} 日。"),
    (re.compile(r"^extend: the handling period ended on (\S+);"),
     lambda m: f"办理期限已于 {m[1]} 届满；延期须在期限届满前批准（第三十四条）。"),
    (re.compile(r"has no handling deadline to extend"), lambda m: "该事项没有可延长的办理期限。"),
    (re.compile(r"^an objection to the routing of (\S+) was due by (\S+)"),
     lambda m: f"退单期限已于 {m[2]} 届满（分办后 5 个工作日内，第二十三条）。"),
    (re.compile(r"^a rating is 1 to 5"), lambda m: "评分只能是 1 至 5。"),
    (re.compile(r"^case (\S+) may repeat (\S+), concluded by 复核"),
     lambda m: f"{m[1]} 疑似与已经复核终结的 {m[2]} 为同一事实和理由（《信访工作条例》第三十六条），"
               f"不再受理；确需受理的，请填写「仍予受理的理由」，该理由将记入办理记录。"),
    (re.compile(r"^delivered: the date is in the future"), lambda m: "送达日期不能晚于今天。"),
    (re.compile(r"^unknown unit '(.+?)': not in the bureau's unit table(?:; did you mean (.+)\?)?$"),
     lambda m: f"单位表中没有「{m[1]}」" + (f"，是否是：{m[2]}？" if m[2] else "，请核对单位全称或简称。")),
    (re.compile(r"^split: part (\d+) of case (\S+) was split already into (\S+)"),
     lambda m: f"{m[2]} 的第 {m[1]} 件事已分出登记为 {m[3]}，不能重复分出。"),
    (re.compile(r"^split: case (\S+) has parts 1 to (\d+), not (\d+)$"),
     lambda m: f"{m[1]} 只列出第 1 至第 {m[2]} 件事，没有第 {m[3]} 件。"),
    (re.compile(r"^split: case (\S+) has no several_matters event"),
     lambda m: f"{m[1]} 的来信未被识别为反映多件事，没有可分出的事项。"),
    (re.compile(r"^split: the text is longer than (\d+) characters"),
     lambda m: f"分出事项的内容不能超过 {m[1]} 字。"),
    (re.compile(r"^split: the new case needs a text"), lambda m: "请填写分出事项的内容。"),
    (re.compile(r"^unit name '(.+?)' fits several units: (.+)$"),
     lambda m: f"「{m[1]}」可指多个单位：{m[2]}，请写明全称。"),
]
