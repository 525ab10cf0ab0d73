"""Keyword lexicons for the seven default categories.

Two uses: they are extra training examples for the shipped model (each keyword is a short,
unambiguous document), and they are the fallback classifier when no model file is available.
The words are the project's own, chosen from the vocabulary of 12345 work-order categories.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: The default label set, in the order reports list it.
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "城乡建设",
    "劳动和社会保障",
    "教育文体",
    "商贸旅游",
    "环境保护",
    "卫生计生",
    "交通运输",
)

CATEGORY_KEYWORDS: Mapping[str, tuple[str, ...]] = {
    "城乡建设": (
        "拆迁", "强拆", "征地", "征收", "安置房", "回迁", "棚改", "违章建筑", "违建", "物业", "物业费",
        "业主", "小区", "开发商", "房产证", "不动产证", "交房", "烂尾楼", "房屋质量", "漏水", "电梯",
        "供水", "停水", "供暖", "暖气", "燃气", "路灯", "城管", "规划", "施工许可", "农村建房",
        "宅基地", "老旧小区", "改造", "市政", "下水道", "化粪池", "公租房", "廉租房", "保障房",
        "住房", "建设局", "住建局", "自来水", "水压", "维修基金", "绿化", "人行道", "井盖",
    ),
    "劳动和社会保障": (
        "工资", "欠薪", "拖欠工资", "讨薪", "农民工", "社保", "医保", "养老保险", "养老金",
        "失业保险", "工伤", "劳动合同", "劳动仲裁", "加班费", "辞退", "解除劳动合同", "经济补偿",
        "公积金", "退休", "退休金", "低保", "人社局", "劳动局", "最低工资", "试用期", "五险一金",
        "职工", "员工", "用人单位", "社保卡", "就业", "招聘", "事业单位", "编制", "职称", "退役军人",
        "残疾人补贴", "养老", "高龄津贴", "特困", "救助",
    ),
    "教育文体": (
        "学校", "学生", "老师", "教师", "教育局", "幼儿园", "入学", "学区", "学位", "招生", "择校",
        "补课", "培训机构", "校外培训", "学费", "课本", "作业", "中考", "高考", "校车", "食堂",
        "班主任", "校长", "小学", "中学", "初中", "高中", "大学", "毕业证", "教材", "体育馆",
        "图书馆", "文化", "广场舞", "健身", "体育", "代课教师", "民办学校", "义务教育", "放学",
    ),
    "商贸旅游": (
        "消费者", "商家", "退款", "退货", "发票", "虚假宣传", "假货", "价格", "乱收费", "市场监管",
        "工商", "超市", "商场", "店铺", "预付卡", "会员卡", "健身卡", "理发店", "景区", "旅游",
        "导游", "旅行社", "门票", "酒店", "餐馆", "饭店", "外卖", "快递", "网购", "传销", "非法集资",
        "融资", "银行", "贷款", "保险公司", "诈骗", "税务", "纳税", "营业执照", "食品安全", "过期食品",
        "电信", "话费", "宽带", "网费", "商户", "集市", "农贸市场",
    ),
    "环境保护": (
        "污染", "环保", "环保局", "生态环境局", "噪音", "噪声", "扰民", "油烟", "污水", "废水",
        "偷排", "排放", "臭味", "臭气", "异味", "废气", "烟尘", "扬尘", "粉尘", "垃圾焚烧", "垃圾站",
        "河道", "水污染", "黑臭水体", "养殖场", "养猪场", "化工厂", "砂石厂", "搅拌站", "采石场",
        "噪音扰民", "空气质量", "雾霾", "焚烧", "秸秆", "固废", "危废", "辐射", "基站辐射", "尾气",
        "非法采砂", "砍伐", "林地", "湿地", "排污",
    ),
    "卫生计生": (
        "医院", "医生", "护士", "医疗", "看病", "就医", "病人", "患者", "手术", "医疗事故", "卫健委",
        "卫生院", "诊所", "药店", "药品", "疫苗", "接种", "计生", "计划生育", "生育", "二胎", "三孩",
        "独生子女", "准生证", "出生证明", "社会抚养费", "计生奖励", "医药费", "住院", "门诊",
        "核酸", "疫情", "隔离", "体检", "村医", "卫生室", "医保报销", "妇幼保健", "产检", "献血",
    ),
    "交通运输": (
        "公交", "公交车", "公交线路", "公交站", "地铁", "出租车", "的士", "网约车", "滴滴", "司机",
        "客运", "班车", "高铁", "火车站", "汽车站", "机场", "交通", "红绿灯", "信号灯", "道路",
        "公路", "修路", "路面", "坑洼", "高速", "收费站", "驾校", "驾照", "车辆", "违章", "停车",
        "停车场", "交警", "运管", "超载", "货车", "电动车", "摩托车", "共享单车", "桥梁", "渡口",
        "轮渡", "运输", "物流", "乡村公路", "通村公路",
    ),
}


@dataclass(frozen=True, slots=True)
class KeywordVote:
    """A lexicon decision: the label, a confidence in [0, 1] and the keywords found."""

    label: str
    confidence: float
    terms: tuple[str, ...]


def keyword_vote(text: str, lexicon: Mapping[str, tuple[str, ...]] = CATEGORY_KEYWORDS) -> KeywordVote:
    """Vote by keyword counts in normalized ``text``; longer keywords weigh more (more specific).

    With no keyword at all, the first label wins with confidence 0: the caller should send the
    case to triage.
    """
    scores: dict[str, float] = {}
    found: dict[str, list[str]] = {}
    for label, words in lexicon.items():
        for word in words:
            if word in text:
                scores[label] = scores.get(label, 0.0) + len(word)
                found.setdefault(label, []).append(word)
    labels = tuple(lexicon)
    if not scores:
        return KeywordVote(labels[0] if labels else "", 0.0, ())
    best = max(scores, key=lambda label: scores[label])
    total = sum(scores.values())
    return KeywordVote(best, scores[best] / total * min(1.0, scores[best] / 4), tuple(found[best]))
