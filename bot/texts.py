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
        "rated": "已答复，已评价",
        "closed": "已办结",
        "review_requested": "复查中",
        "review_answered": "已出具复查意见",
        "rereview_requested": "复核中",
        "rereview_answered": "已出具复核意见",
        "final": "已终结",
        "merged": "已并入其他事项办理",
        "withdrawn": "已撤回",
    },
    "en": {
        "registered": "registered, awaiting review",
        "accepted": "accepted, being handled",
        "not_accepted": "not accepted",
        "assigned": "assigned to the responsible unit",
        "answered": "answered",
        "rated": "answered and rated",
        "closed": "closed",
        "review_requested": "under review",
        "review_answered": "review answered",
        "rereview_requested": "under re-review",
        "rereview_answered": "re-review answered",
        "final": "concluded",
        "merged": "merged into another case",
        "withdrawn": "withdrawn",
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
        "supplement_with_particulars": "已将补充材料和您提供的{items}加入 {number}。",
        "no_open_case": "您目前在这里没有办理中的事项。如在其他渠道反映过，请发送“查询 编号 查询码”；如需反映问题，请直接描述情况。",
        "withdraw_requested": "已收到您撤回 {number} 的请求。工作人员核实后办理撤回，并告知您结果。",
        "withdraw_which": "您有多件办理中的事项（{numbers}），请注明要撤回的编号，例如：撤回 {first}。",
        "thanks_reply": "不客气。如还有需要反映的问题，请直接描述；查询进度请发送“查询”。",
        "you_are_welcome": "不客气。",
        "noted_on_file": "好的。{number} 正在办理，有进展会通知您；如还有其他问题，请直接描述。",
        "noted_disappointed": "理解您的心情。{number} 已登记在办，我们会按规定时限办理，有进展会通知您；如有新的情况，请直接告诉我们。",
        "disappointed_still_asked": "理解您的心情。{number} 已登记，会按规定时限办理。",
        "noted_rating": "好的。如方便，请回复 1 到 5 的数字，为 {number} 的办理打分（5 为非常满意，1 为非常不满意）。",
        "noted_closed": "好的。如还有需要反映的问题，请直接描述；查询进度请发送“查询”。",
        "status": "{number}：{status}。{unit}{deadline}{answer}",
        "status_unit": "责任单位：{unit}。",
        "status_deadline": "下一期限：{deadline}。",
        "contact_messenger": "我们无法通过微信等聊天账号联系您。",
        "several_matters": "您反映了 {count} 件事，工作人员会分别登记、分别办理。",
        "split_registered": (
            "您在 {original} 中反映的另一件事已单独登记，编号 {number}，查询码 {code}（请妥善保存，仅显示这一次），"
            "与 {original} 分别办理。受理告知期限自收到您的信访之日起计算，至 {due}。查询进度请发送“查询 {number} {code}”。"
        ),
        "code_needs_number": "查询码要和事项编号一起发送：“查询 编号 {code}”（编号见登记时的回复）。",
        "status_by_particulars": "为保护隐私，不能凭手机号或身份证号查询事项。请发送“查询 编号 查询码”；本人反映的事项，也可以用反映时的手机或账号发送“查询”。",
        "ultimatum_heard": "您的意见已转工作人员，会尽快与您联系。",
        "status_overdue": "期限 {deadline} 已过，已提醒工作人员尽快办理；超期事项由系统列入督办。",
        "status_answer": "答复：{answer}",
        "no_such_case": "未找到相应的事项。请核对编号和查询码。",
        "no_such_case_none_here": "未找到相应的事项。请核对编号和查询码。您在这里还没有登记过事项：在其他渠道（如12345热线、来信来访）反映的，请向原渠道查询；如要反映新问题，请直接描述情况。",
        "own_case_instead": "您在这里办理中的事项（无需查询码）：",
        "outcome_before_filing": "对被反映的单位或个人是否处罚、如何处理，由负责的单位调查核实后依法决定，我们无法事先答复。如要反映，请直接描述情况：在什么地方、发生了什么、您的诉求，我们登记后转交负责的单位办理。",
        "call_answered": "您好，在的。",
        "throttled": "查询过于频繁，请稍后再试。",
        "list_header": "您的事项：",
        "list_item": "{number} {status}",
        "help": (
            "您可以直接描述要反映的问题，我们会登记并告知编号和查询码。"
            "发送“查询 编号 查询码”了解进度，发送“我的案件”查看全部事项，"
            "发送“追加材料”加补充内容。紧急情况请拨打 110/119/120。"
        ),
        "greeting": "您好！这里是信访受理服务。请直接描述您要反映的问题，或发送“帮助”。",
        "clarify": "请问您要反映什么问题？请直接描述发生了什么、在什么地方、您的诉求；查询进度请发送“查询”；撤回已反映的事项请发送“撤回”。",
        "opted_out": "已退订，我们将不再主动给您发送通知。回复 START 可恢复。您的事项仍在正常办理。",
        "opted_in": "已恢复通知。",
        "rating_thanks": "感谢您的评价。",
        "received_for_human": "您的来信已收到并登记，编号 {number}，工作人员将尽快处理。",
        "rating_low": (
            "感谢您的评价。您对事项 {number} 的答复不满意的，可在 {due} 前请求{appeal}："
            "回复“申请{appeal}”即可，我们将转交上一级机关。"
        ),
        "rating_not_open": "该事项目前无需评价。",
        "rating_not_yet": "办理答复后会请您评价，{number} 目前还在办理中。",
        "feedback_noted": "您对 {number} 办理结果的意见已记录，工作人员会看到。",
        "question_filed": "您的问题已记入 {number}，经办人员会看到并答复您。",
        "feedback_appeal": "对答复不服的，可在 {due} 前回复“申请{appeal}”。",
        "rating_ask": "请回复 1 到 5 的数字，为 {number} 的办理打分（5 为非常满意，1 为非常不满意）。",
        "reception_info": (
            "领导接访日：{day}（接访领导：{leader}），下一次：{next}。地点：信访接待大厅。"
            "发送“预约接访”可为您办理中的事项预约。"
        ),
        "duty_leader": "值班领导",
        "booking_needs_case": "预约接访需先登记信访事项。请先描述您要反映的问题。",
        "booking_exists": "事项 {number} 已有预约，无需重复预约。",
        "appeal_no_answer": "我们这里没有查到您已收到答复的事项。如在其他渠道反映并收到过书面答复，请发送“查询 编号 查询码”，或直接说明原来反映的事项和答复情况，工作人员会核实。对处理意见不服的，可自收到书面答复之日起 30 日内请求原办理机关的上一级机关复查（《信访工作条例》第三十五条）。",
        "appeal_not_yet": "您的事项 {number} 还在办理中，尚未作出处理意见。收到书面答复后如不服，可在 30 日内申请复查，在这里回复“申请复查”即可。",
        "appeal_howto": "对 {number} 的答复不服的，可在 {due} 前请求{appeal}：回复“申请{appeal}”即可，我们将转交上一级机关。",
        "appeal_final": "{number} 已经复核，复核意见为最终意见；就同一事实和理由再次提出的，不再受理。",
        "appeal_refused": "事项 {number} 暂不能受理该请求：{reason}",
        "not_again": (
            "您反映的事项已经复核（编号 {number}），复核意见为终结意见。依照《信访工作条例》"
            "第三十六条，以同一事实和理由再次提出的信访请求不再受理。如有新的事实或理由，请具体说明。"
        ),
        "subject": "信访事项 {number}",
        "welcome": (
            "您好！这里是信访受理服务。直接描述您要反映的问题即可登记，我们会告知编号和查询码，"
            "并按《信访工作条例》在 15 日内告知是否受理。命令：/new 反映新问题，/status 查询进度，"
            "/cases 我的事项，/lang 切换语言，/help 帮助。\n"
            "隐私说明：您提供的姓名、联系方式和反映内容仅用于办理您的信访事项，"
            "只有经办人员可见，不会透露给被反映的单位或个人。紧急情况请拨打 110/119/120。"
        ),
        "new_prompt": "请描述您要反映的问题：发生了什么、在什么地方、您的诉求。",
        "lang_set": "已切换为中文。",
        "category_question": "我们判断您反映的问题属于「{category}」类，对吗？",
        "category_confirmed": "谢谢确认，已按「{category}」类办理。",
        "category_disputed": "好的，工作人员会重新核定类别并转交相应单位。",
        "choose_case": "您有多件事项，请选择要查询的一件：",
        "emergency": (
            "如遇紧急危险，请立即拨打 110（报警）、119（火警）或 120（急救）；心里难受时可拨打"
            "心理援助热线 12356。您的情况已转工作人员优先处理。"
        ),
        "legal_route": "提示：您反映的事项可能需通过{route}途径解决，工作人员审查后会告知您具体办理方式。",
        "legal_route_unsure": "提示：您反映的事项如属于诉讼、仲裁、行政复议等法定途径办理的范围，工作人员审查后会告知您具体办理方式。",
        "legal_route_诉讼": "提示：您反映的事项可能属于人民法院受理的范围：可依法起诉；对一审判决不服的，可自判决书送达之日起十五日内（裁定为十日内）向上一级人民法院上诉；对已生效的判决、裁定认为确有错误的，可依法申请再审；已生效的判决、裁定对方不履行的，可向人民法院申请强制执行。工作人员审查后会告知您具体办理方式。",
        "legal_route_仲裁": "提示：劳动人事争议可向劳动人事争议仲裁委员会申请仲裁（一般在知道权利被侵害之日起一年内），合同约定仲裁的向约定的仲裁机构申请；仲裁裁决生效后对方不履行的，可向人民法院申请强制执行。工作人员审查后会告知您具体办理方式。",
        "legal_route_行政复议": "提示：对行政机关作出的决定不服的，可自知道该决定之日起六十日内申请行政复议，或依法提起行政诉讼。工作人员审查后会告知您具体办理方式。",
        # A question about a legal route no FAQ entry answers ("我想申请劳动仲裁 去哪里申请"):
        # the route's procedure, and that a petition does not replace it (Art 31).
        "legal_route_answer_诉讼": "已生效的判决、裁定对方不履行的，可向人民法院申请强制执行；对一审判决不服的，可自判决书送达之日起十五日内（裁定为十日内）向上一级人民法院上诉；认为生效判决确有错误的，可依法申请再审。",
        "legal_route_answer_仲裁": "劳动人事争议可向用人单位所在地或劳动合同履行地的劳动人事争议仲裁委员会申请仲裁（一般在知道权利被侵害之日起一年内），劳动争议仲裁不收费；仲裁委员会不予受理或逾期未作出决定的，可就该争议向人民法院提起诉讼；仲裁裁决生效后对方不履行的，可向人民法院申请强制执行。",
        "legal_route_answer_行政复议": "对行政机关作出的决定不服的，可自知道该决定之日起六十日内向行政复议机关申请行政复议，或依法提起行政诉讼；对行政复议决定不服的，可自收到复议决定书之日起十五日内向人民法院提起行政诉讼。",
        "legal_route_行政复议_decided": "提示：行政复议已作出决定的，不需要再申请复议：对复议决定（含维持原决定、驳回复议申请）不服的，可自收到复议决定书之日起十五日内向人民法院提起行政诉讼。工作人员审查后会告知您具体办理方式。",
        "legal_route_仲裁_unenforced": "提示：仲裁裁决（或调解书）已经生效、对方不履行的，不需要再申请仲裁：可向被执行人住所地或财产所在地的人民法院申请强制执行，申请执行的期间为二年，自裁决书规定的履行期间最后一日起计算。工作人员审查后会告知您具体办理方式。",
        "legal_route_诉讼_unenforced": "提示：人民法院的判决、裁定或调解书已经生效、对方不履行的，不需要再起诉：可向第一审人民法院或与其同级的被执行财产所在地人民法院申请强制执行，申请执行的期间为二年，自法律文书规定的履行期间最后一日起计算。工作人员审查后会告知您具体办理方式。",
        "legal_route_answer_仲裁_unenforced": "仲裁裁决（或调解书）已经生效、对方不履行的，可向被执行人住所地或财产所在地的人民法院申请强制执行，申请执行的期间为二年，自裁决书规定的履行期间最后一日起计算。",
        "legal_route_answer_诉讼_unenforced": "判决、裁定或调解书已经生效、对方不履行的，可向第一审人民法院或与其同级的被执行财产所在地人民法院申请强制执行，申请执行的期间为二年，自法律文书规定的履行期间最后一日起计算。",
        "legal_route_仲裁_decided": "提示：劳动人事争议仲裁已作出裁决的，对裁决不服的，可自收到裁决书之日起十五日内向人民法院提起诉讼（终局裁决另有规定）；仲裁委员会不予受理或逾期未作出决定的，可就该争议向人民法院提起诉讼。工作人员审查后会告知您具体办理方式。",
        "legal_route_answer_行政复议_decided": "行政复议已作出决定的，不需要再申请复议：对复议决定（含维持原决定、驳回复议申请）不服的，可自收到复议决定书之日起十五日内向人民法院提起行政诉讼。",
        "legal_route_answer_仲裁_decided": "对劳动人事争议仲裁裁决不服的，可自收到裁决书之日起十五日内向人民法院提起诉讼（终局裁决另有规定）；仲裁委员会不予受理或逾期未作出决定的，可就该争议向人民法院提起诉讼；裁决生效后对方不履行的，可向人民法院申请强制执行。",
        "legal_route_answer_tail": "这些事项按相应的法定程序办理，信访不能代替（《信访工作条例》第三十一条）。法律咨询可拨打 12348 公共法律服务热线。如还有要反映的问题，请直接描述情况。",
        "legal_aid_hint": "需要法律咨询的，可拨打 12348 公共法律服务热线；经济困难请不起律师的，可以向当地法律援助机构申请法律援助。",
        "police_hint": "提示：财物被盗、被骗、被抢等治安或刑事案件，请尽快拨打 110 或到就近派出所报案（报案不收费，可索要报案回执），并保存好聊天记录、转账凭证、监控等证据。您的事项已登记，我们会转公安机关。",
        "praise_noted": "感谢您的肯定，我们会把您的表扬转达给相关单位和人员。",
        "legal_route_信息公开": "提示：申请公开政府信息，可依《政府信息公开条例》向制作或保存该信息的行政机关提出申请。工作人员审查后会告知您具体办理方式。",
        "legal_route_信访程序中": "提示：该事项如已在信访程序中，将按原事项的程序办理；对处理意见不服的，可自收到之日起三十日内请求复查，对复查意见不服的，可自收到之日起三十日内请求复核。",
        "ask_items": "为便于办理，请告诉我们{items}（可在一条消息中回复）。",
        "item_name": "姓名",
        "item_contact": "联系电话或通讯地址",
        "item_id_number": "身份证号码",
        "item_phone": "联系电话",
        "item_address": "通讯地址",
        "amendment_applied": "谢谢，已按您的说明更正通讯地址。如仍有误，请发送完整的地址（如：幸福路12号3栋201室）。",
        "amendment_applied_case": "谢谢，已按您的说明更正通讯地址，并记入 {number}。如仍有误，请发送完整的地址（如：幸福路12号3栋201室）。",
        "amendment_ask": "好的。为免记错，请发送完整的正确{items}（{hint}），我们收到后即更正。",
        "amendment_ask_case": "好的，您的说明已记入 {number}。为免记错，请发送完整的正确{items}（{hint}），我们收到后即更正。",
        "amendment_hint_phone": "整个号码，如 13912345678",
        "amendment_hint_address": "整条地址，如 幸福路12号3栋201室",
        "amendment_hint_name": "如：我叫张三",
        "amendment_hint_id_number": "18 位号码",
        "item_details": "具体情况（发生了什么、在什么地方、您的诉求和理由）",
        "items_joiner": "、",
        "not_a_name": "“{value}”看起来不像姓名。请回复您的姓名，例如：我叫张三。",
        "surname_only": "好的，{surname}先生/女士。信访事项需要实名登记，请告诉我们您的全名（例如：我叫{surname}某某）。",
        "declined_before_matter": "好的，可以不留{items}，反映的事项照常登记办理，您的个人信息依法保密。请直接描述您要反映的问题。",
        "particulars_declined": "好的，可以不留{items}，您反映的事项照常办理，您的个人信息依法保密。没有联系方式时无法通知您办理结果，可随时发送“查询”了解进度。",
        "particulars_declined_reachable": "好的，可以不留{items}，您反映的事项照常办理，您的个人信息依法保密。办理结果会通过您留下的联系方式告知。",
        "not_a_contact": "没有识别出有效的电话号码或地址。请回复手机号（如 13912345678）或通讯地址。",
        "why_particulars": (
            "依照《信访工作条例》第十九条，信访人应提供姓名和联系方式，以便告知办理情况。"
            "您的信息仅用于办理本事项，不会透露给被反映的单位或个人。"
        ),
        "question_answer": (
            "您的问题已收到。办理程序：登记后 15 日内告知是否受理，受理后一般 60 日内办结。"
            "如要反映问题，请直接描述情况，我们登记后转交负责的单位办理。"
        ),
        "other_service_answer": (
            "您问的是其他部门的政策或办事手续，这里受理信访事项（反映问题、提出建议、检举控告），"
            "无法直接答复。政策和办事咨询请拨打 12345 政务服务便民热线，或向主管部门咨询。"
            "如果您要反映这方面的问题，请直接描述情况，我们登记后转交负责的单位办理。"
        ),
        "particulars_noted": "已记录您提供的{items}。如需反映问题，请直接描述情况。",
        "particulars_added": "谢谢，已将您提供的{items}补充到 {number}。",
        "supplement_prompt": "请发送要补充的内容（文字、图片或文件），我们会加入 {number}。",
        "files_not_arrived": "这条消息没有收到图片或附件（可能没有发送成功）。如需提供，请重新发送，或用文字说明。",
        "files_just_received": "您刚才发送的图片或附件已收到。",
        "supplement_question": "这条消息是对 {number} 的补充吗？",
        "supplement_declined": "好的，这条消息将作为新的事项登记。",
        "supplement_resend": "好的。请重新发送您要反映的新问题，我们将单独登记。",
        "yes": "是",
        "no": "不是",
        "choose_case_short": "您有 {count} 件办理中的事项，请回复序号或编号选择：",
        "accusation": "您反映的是对公职人员或单位的检举控告，将依规转交纪检监察机关处理，不会转交被检举的单位。",
        "emergency_self_harm": (
            "请您一定珍惜生命。如有危险请立即拨打 110 或 120；心理援助热线 12356，"
            "希望24热线 400-161-9995，随时有人接听。工作人员已优先处理您的消息。"
        ),
        "emergency_self_immolation": (
            "请您一定珍惜生命。身上有汽油或已经着火，请立即拨打 119 和 110，有人受伤拨打 120；"
            "心理援助热线 12356，希望24热线 400-161-9995，随时有人接听。工作人员已优先处理您的消息。"
        ),
        "emergency_violence": "如正在发生暴力或受到威胁，请立即拨打 110 报警，有人受伤请拨打 120。工作人员已优先处理您的消息。",
        "emergency_fire": "如发生火灾或爆炸，请立即撤离并拨打 119，有人受伤请拨打 120。工作人员已优先处理您的消息。",
        "emergency_gas": "如闻到燃气味，请勿开关电器、勿用明火，开窗后撤离并拨打 119。工作人员已优先处理您的消息。",
        "emergency_missing_person": (
            "家人走失或失联，请立即拨打 110 报警：报警不需要等满24小时，请备好照片、衣着特征和最后出现的时间地点。"
            "工作人员已优先处理您的消息。"
        ),
        "emergency_missing_at_risk": "如担心其有轻生念头，请报警时说明；心理援助热线 12356、希望24热线 400-161-9995 随时有人接听。",
        "emergency_accident": (
            "有人受伤请立即拨打 120；有人被困、落水或遇险请拨打 119 或 110；交通事故请拨打 122。"
            "工作人员已优先处理您的消息。"
        ),
        "emergency_medical": "如有人急病或受伤，请立即拨打 120 急救。工作人员已优先处理您的消息。",
        "emergency_mass_incident": "如现场有冲突或人员聚集危及安全，请立即拨打 110。工作人员已优先处理您的消息。",
        "repeat_attached": "您反映的事项已在办理中（编号 {number}），本次来信已并入该事项，不另行登记。",
        "emergency_noted": "本条消息已记入 {number}，工作人员会尽快与您联系。",
        "emergency_safety": "如遇人身安全危险，请直接拨打 110、119 或 120。",
        "emergency_safety_crisis": "如遇人身安全危险，请直接拨打 110、119 或 120；心里难受可以随时拨打心理援助热线 12356。",
        "emergency_other_numbers": "其他危险请拨打 110（报警）、119（火警）、120（急救）；心里难受可拨打心理援助热线 12356。",
        # A request for a person (bot/dialogue/person.py): who calls, when, and 12345 for now.
        "person_sorry": "抱歉，没能弄明白您的意思，给您添麻烦了。",
        "person_by_phone": "好的，已为您转人工：工作人员会在工作时间拨打您留下的电话与您联系。如想现在就和工作人员通话，请拨打 12345 政务服务便民热线。",
        "person_by_channel": "好的，已为您转人工：工作人员会在工作时间通过本渠道与您联系。如想现在就和工作人员通话，请拨打 12345 政务服务便民热线。",
        "person_case": "您的事项 {number} 已标记为人工跟进。",
        "person_leave_number": "如希望工作人员打电话给您，请留下手机号码。",
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
        "supplement_with_particulars": "Your additional material and {items} were added to {number}.",
        "no_open_case": "You have no open petition here. If you filed one another way, send “查询 number code”; to file one, just describe the problem.",
        "withdraw_requested": "We received your request to withdraw {number}. A member of staff will confirm and withdraw it, and tell you.",
        "withdraw_which": "You have several open petitions ({numbers}); please say which one to withdraw, e.g. \"withdraw {first}\".",
        "thanks_reply": "You are welcome. To raise another problem, just describe it; to check progress, send \"status\".",
        "you_are_welcome": "You are welcome. ",
        "noted_on_file": "All right. {number} is being handled; we will tell you when it moves. For anything else, just describe it.",
        "noted_disappointed": "We understand how you feel. {number} is registered and being handled within the legal time limits; we will tell you of any progress. If anything new happens, just tell us.",
        "disappointed_still_asked": "We understand how you feel. {number} is registered and will be handled within the legal time limits. ",
        "noted_rating": "All right. When you can, reply with a number from 1 to 5 to rate how {number} was handled (5 very satisfied, 1 very dissatisfied).",
        "noted_closed": "All right. To raise another problem, just describe it; to check progress, send \"status\".",
        "status": "{number}: {status}. {unit}{deadline}{answer}",
        "status_unit": "Responsible unit: {unit}. ",
        "status_deadline": "Next deadline: {deadline}. ",
        "contact_messenger": "We cannot reach you through WeChat, QQ or similar accounts. ",
        "several_matters": "You raised {count} separate matters; a member of staff will register and handle each one on its own.",
        "split_registered": (
            "Another matter you raised in {original} is now registered on its own as {number}, "
            "query code {code} (keep it: it is shown only once), and handled apart from "
            "{original}. Whether it is accepted is due by {due}, counted from when we received "
            "your petition. To check progress, send \"status {number} {code}\"."
        ),
        "code_needs_number": "Please send the query code with the petition number: “查询 number {code}” (the number starts with XF; it is in the reply you got when you filed).",
        "status_by_particulars": "To protect privacy, petitions cannot be looked up by a phone or ID number. Send “查询 number code”; for your own petition you may also send \"status\" from the phone or account you used to file it.",
        "ultimatum_heard": "Your message has been passed to a member of staff, who will contact you soon.",
        "status_overdue": "The deadline of {deadline} has passed; staff have been reminded to act on it, and overdue petitions are put under supervision. ",
        "status_answer": "Answer: {answer}",
        "no_such_case": "No matching petition was found. Please check the number and the code.",
        "no_such_case_none_here": "No matching petition was found. Please check the number and the code. You have no petition registered here: if you raised it elsewhere (the 12345 hotline, a letter or a visit), please ask there; to raise a new matter, just describe it.",
        "own_case_instead": "Your open petition here (no code needed): ",
        "outcome_before_filing": "Whether the other party is fined or closed, and how it is handled, is for the responsible office to decide by law after it has looked into it; we cannot say in advance. To raise it, just describe it: where, what happened and what you ask for, and we will register it and pass it on.",
        "call_answered": "Hello, we are here. ",
        "throttled": "Too many queries. Please try again later.",
        "list_header": "Your petitions:",
        "list_item": "{number} {status}",
        "help": (
            "Describe your problem and we register it and give you a number and a query code. "
            "Send \"status NUMBER CODE\" for progress, \"my cases\" for a list, \"supplement\" "
            "to add material. In an emergency call 110/119/120."
        ),
        "greeting": "Hello! This is the petition service. Describe your problem, or send \"help\".",
        "clarify": "What would you like to report? Describe what happened, where, and what you ask for; send “查询” to see progress, or “撤回” to take back a matter.",
        "opted_out": "You are unsubscribed from our notices. Reply START to resubscribe. Your case stays open.",
        "opted_in": "Notices are back on.",
        "rating_thanks": "Thank you for your rating.",
        "received_for_human": "Your letter is registered as {number}; staff will handle it shortly.",
        "rating_low": (
            "Thank you. If you disagree with the answer to {number}, you may request {appeal} "
            "by {due}: reply \"request review\" and we pass it to the superior body."
        ),
        "rating_not_open": "That petition has nothing to rate now.",
        "rating_not_yet": "You will be asked to rate {number} once it is answered; it is still being handled. ",
        "feedback_noted": "Your view of how {number} was handled is recorded; staff will see it. ",
        "question_filed": "Your question is filed with {number}; the staff handling it will see it and answer you.",
        "feedback_appeal": " If you disagree with the answer, you may request {appeal} by {due}: reply \"request review\".",
        "rating_ask": "Please reply with a number from 1 to 5 to rate how {number} was handled (5: very satisfied, 1: very dissatisfied).",
        "reception_info": (
            "Leader reception day: {day} ({leader}); the next: {next}. Place: the reception "
            "hall. Send \"book reception\" to book it for your open petition."
        ),
        "duty_leader": "the leader on duty",
        "booking_needs_case": "A reception appointment needs a registered petition: describe your problem first.",
        "booking_exists": "{number} is already booked.",
        "appeal_no_answer": "We find no petition of yours that has been answered here. If you petitioned elsewhere and received a written answer, send \"status NUMBER CODE\", or tell us the matter and the answer you received, and staff will check. If you disagree with an answer, you may ask the authority above the one that answered for a review within 30 days of receiving it (Art. 35 of the Regulations on Letters and Visits).",
        "appeal_not_yet": "Your petition {number} is still being handled and has not been answered yet. Once you receive the written answer, you may ask for a review within 30 days by replying \"request review\" here.",
        "appeal_howto": "If you disagree with the answer to {number}, you may request {appeal} by {due}: reply \"request review\" and we pass it to the superior body.",
        "appeal_final": "{number} has been re-reviewed; that opinion is final, and the same facts and reasons are not taken again.",
        "appeal_refused": "This request for {number} cannot be taken: {reason}",
        "not_again": (
            "This matter was concluded by re-review ({number}). Under Art 36 a petition on the "
            "same facts and reasons is not accepted again. If you have new facts, describe them."
        ),
        "subject": "Petition {number}",
        "welcome": (
            "Hello! This is the petition service. Describe your problem and it is registered; "
            "you get a number and a query code, and within 15 days you hear whether it is "
            "accepted. Commands: /new a new matter, /status progress, /cases your petitions, "
            "/lang language, /help.\n"
            "Privacy: your name, contact details and what you write are used only to handle "
            "your petition, seen only by the staff handling it, and never passed to the unit "
            "or person you complain about. In an emergency call 110/119/120."
        ),
        "new_prompt": "Please describe your problem: what happened, where, and what you ask for.",
        "lang_set": "Language set to English.",
        "category_question": "We think your petition is about \"{category}\". Is that right?",
        "category_confirmed": "Thank you; it is handled as \"{category}\".",
        "category_disputed": "All right: staff will check the category and route it again.",
        "choose_case": "You have several petitions. Which one?",
        "emergency": (
            "If you are in danger, call 110 (police), 119 (fire) or 120 (ambulance) now; if you "
            "are struggling, the psychological crisis line 12356 answers. Staff will handle your "
            "case first."
        ),
        "legal_route": "Note: this matter may belong to another procedure ({route}); staff will tell you how to proceed.",
        "legal_route_unsure": "Note: if this matter belongs to a court, arbitration, administrative review or another legal procedure, staff will tell you which and how to proceed.",
        "legal_route_诉讼": "Note: this matter may be one for the people's court: you may sue; a first-instance judgment can be appealed to the court above within 15 days of its service (a ruling within 10 days); a judgment or ruling in force that you believe wrong can be put to retrial; and one in force that is not complied with can be enforced by the court. Staff will tell you how to proceed.",
        "legal_route_仲裁": "Note: a labour dispute goes to the labour dispute arbitration committee (usually within one year of learning of it), a contract with an arbitration clause to the agreed institution; an award in force that is not complied with can be enforced by the court. Staff will tell you how to proceed.",
        "legal_route_行政复议": "Note: a decision of an administrative organ can be challenged by administrative review within 60 days of learning of it, or in an administrative lawsuit. Staff will tell you how to proceed.",
        "legal_route_answer_诉讼": "A judgment or ruling in force that is not complied with can be enforced by the court; a first-instance judgment can be appealed to the court above within 15 days of its service (a ruling within 10 days); one in force that you believe wrong can be put to retrial.",
        "legal_route_answer_仲裁": "A labour dispute goes to the labour dispute arbitration committee where the employer is or the contract is performed (usually within one year of learning of it), free of charge; if the committee refuses the case or does not decide in time, the dispute can be taken to court; an award in force that is not complied with can be enforced by the court.",
        "legal_route_answer_行政复议": "A decision of an administrative organ can be challenged by administrative review within 60 days of learning of it, or in an administrative lawsuit; a review decision you disagree with can be taken to court within 15 days of receiving it.",
        "legal_route_行政复议_decided": "Note: once the administrative review has decided, there is no need to apply for review again: a review decision you disagree with (upholding the decision or rejecting the application) can be taken to the people's court in an administrative lawsuit within 15 days of receiving it. Staff will tell you how to proceed.",
        "legal_route_仲裁_unenforced": "Note: an arbitration award (or mediation statement) in force that the other side does not carry out needs no new arbitration: apply to the people's court where the party lives or its property is for enforcement, within two years of the last day set for performance. Staff will tell you how to proceed.",
        "legal_route_诉讼_unenforced": "Note: a court judgment, ruling or mediation statement in force that the other side does not carry out needs no new lawsuit: apply for enforcement to the court of first instance, or a court of the same level where the property is, within two years of the last day set for performance. Staff will tell you how to proceed.",
        "legal_route_answer_仲裁_unenforced": "An arbitration award (or mediation statement) in force that the other side does not carry out can be enforced: apply to the people's court where the party lives or its property is, within two years of the last day set for performance.",
        "legal_route_answer_诉讼_unenforced": "A judgment, ruling or mediation statement in force that the other side does not carry out can be enforced: apply to the court of first instance, or a court of the same level where the property is, within two years of the last day set for performance.",
        "legal_route_仲裁_decided": "Note: a labour arbitration award you disagree with can be taken to the people's court within 15 days of receiving it (final awards excepted); if the committee refused the case or did not decide in time, the dispute can be taken to court. Staff will tell you how to proceed.",
        "legal_route_answer_行政复议_decided": "Once the administrative review has decided, there is no need to apply for review again: a review decision you disagree with (upholding the decision or rejecting the application) can be taken to the people's court in an administrative lawsuit within 15 days of receiving it.",
        "legal_route_answer_仲裁_decided": "A labour arbitration award you disagree with can be taken to the people's court within 15 days of receiving it (final awards excepted); if the committee refused the case or did not decide in time, the dispute can be taken to court; an award in force that is not complied with can be enforced by the court.",
        "legal_route_answer_tail": "These follow their own legal procedure, which a petition does not replace (Art 31). For legal advice call 12348. To report a problem, describe it here.",
        "legal_aid_hint": "For legal advice call 12348, the public legal services hotline; if you cannot afford a lawyer, you may apply to the local legal aid office for legal aid.",
        "police_hint": "Note: a theft, fraud, robbery or other crime should be reported to the police as soon as possible: call 110 or go to the nearest police station (reporting is free; ask for a receipt), and keep chat records, transfer receipts and any CCTV. Your matter is registered and will be passed to the public security organ.",
        "praise_noted": "Thank you for your kind words: we will pass your praise on to the unit and the people concerned.",
        "legal_route_信息公开": "Note: government information is requested from the organ that made or keeps it, under the Regulations on Open Government Information. Staff will tell you how to proceed.",
        "legal_route_信访程序中": "Note: a matter already in the petition procedure follows that procedure; an opinion can be reviewed (复查) on request within 30 days of receiving it, and the review re-examined (复核) within 30 days.",
        "ask_items": "To handle it, please give us {items} (one reply is enough).",
        "item_name": "your name",
        "item_contact": "a phone number or postal address",
        "item_id_number": "your ID number",
        "item_phone": "your phone number",
        "item_address": "your postal address",
        "amendment_applied": "Thank you, your postal address is corrected as you said. If it is still wrong, please send the whole address.",
        "amendment_applied_case": "Thank you, your postal address is corrected as you said and noted on {number}. If it is still wrong, please send the whole address.",
        "amendment_ask": "All right. So that nothing is noted wrongly, please send {items} again in full ({hint}); we correct it when it arrives.",
        "amendment_ask_case": "All right, your note is on {number}. So that nothing is noted wrongly, please send {items} again in full ({hint}); we correct it when it arrives.",
        "amendment_hint_phone": "the whole number, e.g. 13912345678",
        "amendment_hint_address": "the whole address",
        "amendment_hint_name": "e.g. \"my name is Zhang San\"",
        "amendment_hint_id_number": "all 18 characters",
        "item_details": "the details (what happened, where, what you ask for and why)",
        "items_joiner": ", ",
        "not_a_name": "\"{value}\" does not look like a name. Please reply with your name only.",
        "surname_only": "Thank you. A petition is registered under the petitioner's real name: please reply with your full name, surname {surname} and given name.",
        "declined_before_matter": "That is fine: you need not give {items}. Your matter is registered and handled all the same, and your details stay confidential. Please tell us what you want to report.",
        "particulars_declined": "That is fine: you need not give {items}. Your matter is handled all the same and your details stay confidential. Without a contact we cannot tell you the result; send “查询” any time to see its progress.",
        "particulars_declined_reachable": "That is fine: you need not give {items}. Your matter is handled all the same and your details stay confidential. We will tell you the result through the contact you gave.",
        "not_a_contact": "That is not a phone number or an address we can use. Please reply with a mobile number or a postal address.",
        "why_particulars": (
            "Art 19 of the Regulations asks petitioners for a name and a way to reach them, so "
            "that we can tell you the result. They are used only for your petition and never "
            "passed to the unit you complain about."
        ),
        "question_answer": (
            "We received your question. A petition is registered, you hear within 15 days whether "
            "it is accepted, and an accepted one is usually answered within 60 days. To report a "
            "problem, describe it and we register it and pass it to the unit responsible."
        ),
        "other_service_answer": (
            "Your question is about another office's policy or procedure, which we cannot answer "
            "here: we take petitions (complaints, suggestions, reports of wrongdoing). For policy "
            "and service questions call the 12345 government service hotline or ask the office "
            "in charge. To report a problem about it, describe what happened and we register it "
            "and pass it to the unit responsible."
        ),
        "particulars_noted": "We noted {items}. To file a petition, describe the problem.",
        "particulars_added": "Thank you, {items} added to {number}.",
        "supplement_prompt": "Please send what you want to add (text, pictures or files); it goes to {number}.",
        "files_not_arrived": "No picture or file came with this message (it may not have gone through). Please send it again, or describe it in words. ",
        "files_just_received": "The picture or file you just sent has arrived. ",
        "supplement_question": "Is this message an addition to {number}?",
        "supplement_declined": "All right: this message is registered as a new petition.",
        "supplement_resend": "All right. Please send the new problem again and it is registered on its own.",
        "yes": "Yes",
        "no": "No",
        "choose_case_short": "You have {count} open petitions; reply with the one you mean (1, 2, … or its number):",
        "accusation": "This is an accusation against officials or a unit: it goes to the discipline inspection and supervision organs, never to the unit accused.",
        "emergency_self_harm": (
            "Please stay safe. If you are in danger call 110 or 120 now; the psychological "
            "crisis line 12356 and the Hope 24 line 400-161-9995 answer at any hour. Staff "
            "handle your message first."
        ),
        "emergency_self_immolation": (
            "Please stay safe. If there is petrol on anyone or a fire, call 119 and 110 now, "
            "and 120 if anyone is hurt; the psychological crisis line 12356 and the Hope 24 line "
            "400-161-9995 answer at any hour. Staff handle your message first."
        ),
        "emergency_violence": "If violence is happening or you are threatened, call 110 now, and 120 if anyone is hurt. Staff handle your message first.",
        "emergency_fire": "In a fire or explosion, get out and call 119 now, and 120 if anyone is hurt. Staff handle your message first.",
        "emergency_gas": "If you smell gas, do not touch switches or flames, open windows, leave and call 119. Staff handle your message first.",
        "emergency_missing_person": "If a family member is missing or cannot be reached, call 110 now: there is no need to wait 24 hours; have a photo, what they wore and where and when they were last seen ready. Staff handle your message first.",
        "emergency_missing_at_risk": "If you fear they may harm themselves, tell the police when you call; the psychological crisis line 12356 and the Hope 24 line 400-161-9995 answer at any hour.",
        "emergency_accident": "If anyone is hurt call 120 now; if someone is trapped, in water or in danger call 119 or 110; after a traffic accident call 122. Staff handle your message first.",
        "emergency_medical": "If someone is ill or injured, call 120 now. Staff handle your message first.",
        "emergency_mass_incident": "If a crowd or a clash puts people in danger, call 110 now. Staff handle your message first.",
        "repeat_attached": "This matter is already being handled as {number}; your message was added to it.",
        "emergency_noted": "This message was added to {number}; staff will contact you soon.",
        "emergency_safety": "If anyone's safety is in danger, call 110, 119 or 120 directly.",
        "emergency_safety_crisis": "If anyone's safety is in danger, call 110, 119 or 120 directly; if you are struggling, the crisis line 12356 answers at any time.",
        "emergency_other_numbers": "For any other danger call 110 (police), 119 (fire) or 120 (ambulance); if you are struggling, the crisis line 12356 answers.",
        "person_sorry": "Sorry that I did not understand you.",
        "person_by_phone": "Of course: a member of staff will call you on the number you gave during working hours. To talk to someone now, call the 12345 government service hotline.",
        "person_by_channel": "Of course: a member of staff will contact you here during working hours. To talk to someone now, call the 12345 government service hotline.",
        "person_case": "{number} is marked for a member of staff to follow up.",
        "person_leave_number": "If you would like a phone call, send us your mobile number.",
    },
}


def say(language: str, key: str, **fields: object) -> str:
    table = TEXTS.get(language, TEXTS["zh"])
    return table[key].format(**fields)


def has(language: str, key: str) -> bool:
    return key in TEXTS.get(language, TEXTS["zh"])


def status_name(language: str, status: str) -> str:
    return STATUS_NAMES.get(language, STATUS_NAMES["zh"]).get(status, status)
