"""Everything the bot says, in Chinese (default) and English.

Templates use ``str.format`` fields. SMS-bound texts stay short; nothing here may carry the
name of a unit complained about or the petitioner's personal data.
"""

from __future__ import annotations

from typing import Final

STATUS_NAMES: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "registered": "已登记，待审查受理",
        "accepted": "已受理，正在办理",
        "not_accepted": "不予受理",
        "assigned": "已转交责任单位办理",
        "answered": "已答复",
        "closed": "已办结",
    },
    "en": {
        "registered": "registered, awaiting review",
        "accepted": "accepted, being handled",
        "not_accepted": "not accepted",
        "assigned": "assigned to the responsible unit",
        "answered": "answered",
        "closed": "closed",
    },
}

TEXTS: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "ack": (
            "您的信访事项已登记，编号 {number}，查询码 {code}（请妥善保存，仅显示这一次）。"
            "我们将在 {due} 前告知您是否受理。查询进度请发送“查询 {number} {code}”。"
        ),
        "ask_name": "为便于办理，请告诉我们您的姓名。",
        "ask_contact": "请留下联系电话或通讯地址，以便告知办理结果。",
        "ask_details": "请补充具体情况：发生了什么、在什么地方、您的诉求和理由。",
        "intake_complete": "谢谢，信息已补充到 {number}。",
        "supplement_added": "已将补充材料加入 {number}。",
        "no_open_case": "您目前没有办理中的事项。如需反映问题，请直接描述情况。",
        "status": "{number}：{status}。{unit}{deadline}{answer}",
        "status_unit": "责任单位：{unit}。",
        "status_deadline": "下一期限：{deadline}。",
        "status_answer": "答复：{answer}",
        "no_such_case": "未找到相应的事项。请核对编号和查询码。",
        "throttled": "查询过于频繁，请稍后再试。",
        "list_header": "您的事项：",
        "list_item": "{number} {status}",
        "help": (
            "您可以直接描述要反映的问题，我们会登记并告知编号和查询码。"
            "发送“查询 编号 查询码”了解进度，发送“我的案件”查看全部事项，"
            "发送“追加材料”加补充内容。紧急情况请拨打 110/119/120。"
        ),
        "greeting": "您好！这里是信访受理服务。请直接描述您要反映的问题，或发送“帮助”。",
        "opted_out": "已退订，我们将不再主动发送短信。回复 START 可恢复。您的事项仍在正常办理。",
        "opted_in": "已恢复短信通知。",
        "rating_thanks": "感谢您的评价。",
        "received_for_human": "您的来信已收到并登记，编号 {number}，工作人员将尽快处理。",
        "notice_accepted": "您的事项 {number} 已受理，将在 {due} 前办理答复。",
        "notice_not_accepted": "您的事项 {number} 不予受理。理由：{reason}",
        "notice_assigned": "您的事项 {number} 已{mode}至责任单位办理。",
        "notice_answered": "您的事项 {number} 已有答复：{answer}",
        "notice_closed": "您的事项 {number} 已办结。",
        "subject": "信访事项 {number}",
        "emergency": "如遇紧急危险，请立即拨打 110（报警）、119（火警）或 120（急救）。您的情况已转工作人员优先处理。",
        "legal_route": "提示：您反映的事项可能需通过{route}途径解决，工作人员审查后会告知您具体办理方式。",
        "repeat_attached": "您反映的事项已在办理中（编号 {number}），本次来信已并入该事项，不另行登记。",
    },
    "en": {
        "ack": (
            "Your petition is registered as {number}, query code {code} (keep it: it is shown "
            "only once). You will hear by {due} whether it is accepted. To check progress, "
            "send \"status {number} {code}\"."
        ),
        "ask_name": "To handle it, please tell us your name.",
        "ask_contact": "Please give a phone number or postal address so we can tell you the result.",
        "ask_details": "Please add the details: what happened, where, what you ask for and why.",
        "intake_complete": "Thank you, the details were added to {number}.",
        "supplement_added": "Your additional material was added to {number}.",
        "no_open_case": "You have no open petition. To file one, just describe the problem.",
        "status": "{number}: {status}. {unit}{deadline}{answer}",
        "status_unit": "Responsible unit: {unit}. ",
        "status_deadline": "Next deadline: {deadline}. ",
        "status_answer": "Answer: {answer}",
        "no_such_case": "No matching petition was found. Please check the number and the code.",
        "throttled": "Too many queries. Please try again later.",
        "list_header": "Your petitions:",
        "list_item": "{number} {status}",
        "help": (
            "Describe your problem and we register it and give you a number and a query code. "
            "Send \"status NUMBER CODE\" for progress, \"my cases\" for a list, \"supplement\" "
            "to add material. In an emergency call 110/119/120."
        ),
        "greeting": "Hello! This is the petition service. Describe your problem, or send \"help\".",
        "opted_out": "You are unsubscribed from SMS. Reply START to resubscribe. Your case stays open.",
        "opted_in": "SMS notices are back on.",
        "rating_thanks": "Thank you for your rating.",
        "received_for_human": "Your letter is registered as {number}; staff will handle it shortly.",
        "notice_accepted": "Your petition {number} is accepted and will be answered by {due}.",
        "notice_not_accepted": "Your petition {number} is not accepted. Reason: {reason}",
        "notice_assigned": "Your petition {number} was sent to the responsible unit ({mode}).",
        "notice_answered": "Your petition {number} has an answer: {answer}",
        "notice_closed": "Your petition {number} is closed.",
        "subject": "Petition {number}",
        "emergency": "If you are in danger, call 110 (police), 119 (fire) or 120 (ambulance) now. Staff will handle your case first.",
        "legal_route": "Note: this matter may belong to another procedure ({route}); staff will tell you how to proceed.",
        "repeat_attached": "This matter is already being handled as {number}; your message was added to it.",
    },
}


def say(language: str, key: str, **fields: object) -> str:
    table = TEXTS.get(language, TEXTS["zh"])
    return table[key].format(**fields)


def status_name(language: str, status: str) -> str:
    return STATUS_NAMES.get(language, STATUS_NAMES["zh"]).get(status, status)
