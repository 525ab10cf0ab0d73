"""Concepts the dialogue model may lean on: word families a clerk would name, written by hand.

Each concept is a set of substrings; a message that contains one gets the concept as a feature
(``k:<concept>``), beside its n-grams.  The model learns how much each concept counts and in
which company (a negation, a question, a long story), so a concept is a hint, never a verdict:
"跳楼" in "不是要跳楼，是楼顶漏水" is outweighed by what surrounds it.  What the concepts buy is
reach: a synonym written in no training sentence ("服毒", "液化气", "村会计") still lands on a
family the model knows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

#: Stems of the English words of danger, harm or alarm a writer might use (from a word's start:
#: "will" holds no "ill"), drawn wide on purpose: a rule that clears a faint signal on English text (nlp.progress, the dialogue's
#: Latin-letter rule) never clears one beside any of them.
ENGLISH_DANGER = (
    r"\b(?:kill|die\b|dying|dead|death|suicid|jump|hurt|injur|hit|beat|attack|stab|knife|gun|weapon|"
    r"blood|bleed|fire|smoke|burn|flame|gas|smell|explo|crash|accident|collaps|trap|stuck|fell\b|"
    r"fall|drown|faint|unconscious|breath|seizure|heart|stroke|help|emergenc|urgent|danger|"
    r"threat|fight|riot|crowd|protest|block|hundreds|missing|pill|poison|overdose|hang|bridge|"
    r"roof|ambulance|police|hospital|scream|chok|pass(?:ed)? out|flood|rescue|sos|life|alive|"
    r"end it|sick|ill\b|pain|violen|abus|rape|assault|kidnap|chase|smash|hostage|bomb|leak|save)")

CONCEPTS: Mapping[str, tuple[str, ...]] = {
    # -- emergencies -----------------------------------------------------------------------
    "self_harm": (
        "自杀", "轻生", "跳楼", "跳河", "跳江", "跳湖", "跳海", "跳桥", "跳下去", "跳下来", "往下跳",
        "农药", "服毒", "安眠药", "割腕", "上吊", "吊死", "不想活", "活不下去", "活不成", "寻死",
        "自焚", "烧自己", "同归于尽", "一了百了", "结束自己", "结束生命", "了断", "遗书", "去死",
        "想死", "死给", "死在", "卧轨", "熬不下去", "不想再活", "炭火", "喝药", "吃药自", "轻生", "撑不下去", "绝望", "没有活路", "没活路", "告别",
        "不想活", "kill myself", "suicide", "end my life", "jump off", "want to die", "live anymore",
        "buxianghuo", "tiaolou", "xiang si",
    ),
    "violence": (
        "砍", "捅", "持刀", "拿刀", "拿着刀", "刀", "斧头", "铁棍", "棍子", "砖头", "行凶", "杀人",
        "杀了我", "弄死", "打死", "打人", "被打", "殴打", "打伤", "打我", "打得", "家暴", "绑架",
        "绑走", "劫持", "关起来", "不让走", "抢劫", "抢包", "强奸", "骚扰", "泼硫酸", "泼汽油",
        "威胁", "跟踪", "堵在", "废了", "报复", "掐", "闯进", "围着打", "动手", "铁锹", "枪", "血", "attack", "beating", "knife", "gun",
        "daren",
    ),
    "fire": (
        "着火", "起火", "失火", "火灾", "大火", "火苗", "火很大", "火越来越", "烧起来", "烧着",
        "冒烟", "冒火", "浓烟", "黑烟", "自燃", "爆炸", "救火", "灭不掉", "着起来", "烧过来", "火光", "火焰", "明火",
        "火势", "烧了", "fire", "smoke",
        "zhaohuo",
    ),
    "gas": (
        "煤气", "燃气", "然气", "媒气", "天然气", "液化气", "漏气", "泄漏", "气味", "往外冒",
        "往外喷", "管道爆", "挖断", "刺鼻", "有毒", "毒气",
        "臭鸡蛋", "gas", "meiqi",
    ),
    "accident": (
        "车祸", "撞了", "撞倒", "被撞", "追尾", "翻了", "翻到", "侧翻", "腿断", "压到", "摔下", "掉下", "掉进", "落水",
        "溺水", "被困", "困住", "困在", "塌方", "坍塌", "倒塌", "塌了", "压着人", "埋了", "被埋",
        "触电", "滑坡", "冲走", "crash", "trapped", "collapsed",
    ),
    "medical": (
        "晕倒", "昏倒", "昏迷", "不省人事", "叫不醒", "抽搐", "抽筋", "喘不上", "喘不过",
        "呼吸困难", "没有呼吸", "没呼吸", "口吐白沫", "倒地", "卡住", "疼得厉害", "没有反应",
        "躺在地上", "一动不动", "不动了", "昏过去", "晕过去", "休克",
        "呼吸不上", "胸口疼", "心脏", "中风", "发病", "发作", "流了很多血", "中暑", "快不行",
        "没反应", "not breathing", "collapsed",
    ),
    "mass_incident": (
        "几百人", "上百人", "上百名", "几十个人", "好几十人", "几十人", "一大群人", "一群人",
        "聚集", "聚了", "围住", "围着", "堵路", "堵高速", "堵门", "拉横幅", "游行", "冲击",
        "冲进", "对峙", "打起来", "砸东西", "罢市", "控制不住", "集体上访", "集体罢工",
    ),
    "urgent": (
        "救命", "快来", "赶紧来", "马上", "现在", "正在", "快点", "紧急", "急救", "110", "119",
        "120", "报警", "help", "urgent", "now",
    ),
    "negation": (
        "不是", "没有", "没想", "没着火", "没被", "并没", "不会", "放心", "已经扑灭", "以前", "去年",
        "上次", "之前", "个月前", "建议", "隐患", "万一", "怕", "担心", "防止", "要是", "如果",
        "咨询", "想问", "家属能不能", "费",
    ),
    # -- accusations and routes ------------------------------------------------------------
    "official": (
        "书记", "支书", "镇长", "乡长", "县长", "市长", "区长", "局长", "处长", "科长", "所长",
        "队长", "主任", "村长", "村主任", "村干部", "干部", "领导", "官员", "公务员", "会计",
        "网格员", "民警", "法官", "院长", "校长", "执法", "城管", "当官", "官", "村委", "党委",
        "政府", "局", "委员会", "管委会", "街道办", "民政", "工商所", "税务", "派出所", "official",
        "lingdao",
    ),
    "graft": (
        "贪", "受贿", "索贿", "行贿", "收受", "回扣", "好处费", "好处", "红包", "送礼", "收钱",
        "收了钱", "拿了钱", "腐败", "挪用", "侵吞", "侵占", "私分", "截留", "冒领", "虚报", "吃空饷",
        "公款", "公车私用", "以权谋私", "利用职权", "利用职务", "徇私", "暗箱", "保护伞", "黑社会",
        "称兄道弟", "保护费", "优亲厚友", "吃拿卡要", "亏空", "腰包", "违纪", "强占", "打击报复", "买单",
        "亲戚", "小舅子", "儿子开", "老婆开", "索要", "财物", "违规拿", "违规给", "违规办",
        "帮他弟", "帮他儿子", "亲属", "谋取", "谋利", "走后门", "塞钱", "熟人", "自己人",
        "关系户", "只发给", "开后门", "bribe", "corrupt", "tanwu", "shouhui",
    ),
    "accuse": ("举报", "检举", "控告", "告发", "揭发", "实名", "彻查", "jubao", "report"),
    "court": (
        "法院", "起诉", "诉讼", "打官司", "官司", "判决", "判了", "裁定", "上诉", "再审", "一审",
        "二审", "法院立案", "立案庭", "执行局", "申请执行", "强制执行", "老赖", "开庭", "告他", "告开发商", "调解书", "诉讼时效", "法官",
        "sue", "court", "lawsuit", "fayuan",
    ),
    "arbitration": ("仲裁", "劳动争议", "arbitration", "zhongcai"),
    "review": ("复议", "处罚决定", "罚款决定", "处罚", "罚单", "行政决定", "认定结论", "批复"),
    "disclosure": ("公开", "信息公开", "批文", "账目", "名单", "依据", "环评报告"),
    "in_process": (
        "已经信访", "信访过", "上访", "信访局", "信访办", "信访系统", "信访件", "已经受理",
        "已受理", "正在办理", "处理意见书", "答复说", "信访事项",
    ),
    # -- dialogue acts ---------------------------------------------------------------------
    "progress": (
        "进度", "进展", "怎么样了", "咋样", "如何了", "到哪", "哪一步", "什么程度", "什么阶段",
        "什么地步", "处理结果", "办理结果", "有结果", "结果呢", "有回复", "有答复", "回复了",
        "答复了", "回音", "下文", "消息", "动静", "着落", "处理了没", "处理了吗", "办了", "办好",
        "办结", "受理了", "受理没", "收到了吗", "收到没", "跟进", "催", "状态", "好了没", "管不管",
        "有人管", "有人处理", "jindu", "status", "progress", "update", "news", "what happened",
    ),
    "mine": ("我的", "我那", "我提交", "我反映", "我投诉", "我之前", "我上次", "我上个月", "我的件",
             "my "),
    "all_of_mine": ("所有", "全部", "哪些", "几个", "几件", "几条", "列表", "清单", "列出", "列一下",
                    "总共", "一共", "all my", "list"),
    "addition": (
        "补充", "补一", "补几", "补交", "追加", "再加", "加一", "加点", "加上", "另外", "还有",
        "忘了说", "忘记说", "没说清", "再说一下", "对了", "附上", "照片", "视频", "录音", "证据",
        "材料", "线索", "更正", "写错", "说错", "又", "还是上次", "同一", "之前说", "上次那",
        "上回", "接着", "buchong", "add", "more details", "photos",
    ),
    "objection": (
        "不服", "不认可", "不认", "不接受", "不同意", "异议", "不满", "不公", "不合理", "推翻",
        "复查", "复核", "上级", "上一级", "重新", "再查", "fucha", "appeal",
    ),
    "answer_received": ("答复", "回复", "处理意见", "意见书", "结论", "处理结果", "决定"),
    "retract": (
        "撤回", "撤销", "撤了", "撤诉", "不告", "不投诉", "不用处理", "不用办", "不要办", "不用管",
        "不需要了", "不用麻烦", "关掉", "结案", "取消", "私了", "和好", "已经解决", "解决了",
        "修好了", "道歉", "chehui", "withdraw", "cancel",
    ),
    "meeting": ("接访", "接待", "预约", "约个", "约时间", "约一下", "当面", "见领导", "见局长",
                "见市长", "面谈", "yuyue", "book", "meeting"),
    "service_question": (
        "你们", "这里", "在这", "多久", "几天", "几点", "时间", "地址", "电话", "流程", "需要",
        "可以", "能不能", "能否", "有用", "匿名", "保密", "泄露", "实名", "收费", "人工", "官方",
        "区别", "怎么申请", "怎么知道", "哪个部门", "什么部门", "can i", "how long", "do i",
    ),
    "how_it_works": (
        "泄露", "保密", "告诉被", "谁能看到", "谁会看到", "周末", "节假日", "上班", "下班", "期限",
        "多少字", "语音", "平台", "范围", "微信", "公众号", "可不可以", "可以吗", "能不能", "能否",
        "是不是", "一般", "要不要", "需不需要", "有没有人工", "机器人", "自动回复", "怎么提交",
        "怎么申请", "有什么区别", "是什么意思", "归谁管", "找哪个", "do you", "can i", "is this",
    ),
    "thanks": ("谢谢", "感谢", "多谢", "辛苦", "麻烦了", "谢啦", "thank", "thanks", "thx", "xiexie",
               "appreciate"),
    "hello": ("你好", "您好", "在吗", "在不在", "有人吗", "有人没", "喂", "哈喽", "早上好", "晚安",
              "拜拜", "再见", "hello", "hi"),
    "agree": ("好的", "好滴", "好嘞", "行", "嗯", "收到", "知道了", "晓得", "明白", "了解",
              "没问题", "ok"),
    "grade": ("满意", "不满意", "分", "星", "好评", "差评", "点赞", "很好", "不错", "一般", "还行",
              "太差", "manyi", "satisfied"),
    "usage": ("怎么用", "怎么使用", "使用", "操作", "功能", "菜单", "命令", "说明", "教", "不会用",
              "怎么弄", "怎么玩", "怎么发", "help", "how do i use"),
    "identity": (
        "我叫", "我是", "姓名", "名字", "本人", "我姓", "电话", "手机", "联系方式", "联系我",
        "身份证", "地址", "住在", "住址",
    ),
    "stop_sending": (
        "别发", "不要发", "不要再发", "别再发", "停止发送", "停发", "不想收到", "不想再收到", "取消短信",
        "取消订阅", "退订", "拒收", "停了", "stop sending", "no more messages",
    ),
    "resume_sending": ("重新订阅", "重新接收", "恢复", "开通", "重新开启", "继续给我发", "又想接收"),
    "matter": (
        "投诉", "举报", "反映", "要求", "希望", "建议", "请求", "解决", "扰民", "噪音", "拖欠", "违法",
        "违规", "乱收费", "不给", "没人管", "严重", "影响", "污染", "质量", "占用", "小区", "物业",
        "公司", "工资", "拆迁", "补偿",
    ),
}


#: Cues of the guide's line between a grievance and a question (``nlp/corpus/LABEL_GUIDE.md``,
#: rule 12): a message that tells of a particular problem -- at a place, by a party, going on,
#: done to the writer -- is a matter however it is worded; one that asks about a procedure, a
#: rule or a hypothetical, with none of that, is a question.  Read only by a spec that asks for
#: them (``FeatureSpec.grievance``), so older model files read exactly as before.
GRIEVANCE_CUES: Mapping[str, tuple[str, ...]] = {
    "g_hypothetical": ("如果", "假如", "假设", "要是", "万一", "的话", "一旦", "倘若", "若是",
                       "遇到", "碰到", "if "),
    # A procedure, a rule or a public fact asked about in general.
    "g_procedure": (
        "怎么申请", "如何申请", "怎么办理", "如何办理", "在哪办", "去哪办", "哪里办", "在哪里办",
        "在哪申请", "去哪申请", "哪里申请", "需要什么", "要带什么", "要带啥", "带什么", "带啥",
        "准备什么", "准备啥", "什么材料", "啥材料", "哪些材料", "流程", "手续", "条件", "标准",
        "政策", "规定", "多少钱", "收费", "免费", "怎么算", "报销", "多少天", "多长时间", "时限",
        "什么意思", "啥意思", "区别", "一般", "归谁管", "谁管", "由谁", "谁定", "谁来", "要多少",
        "哪些", "是不是要", "需不需要", "要不要", "how do", "how long", "where can", "who is",
    ),
    # Particulars of one problem: the writer's own place, own party, a time, an amount, a harm.
    "g_place": (
        "楼下", "楼上", "隔壁", "对面", "门口", "我家", "我们家", "俺家", "我屋", "屋头", "家里",
        "我们小区", "我们村", "俺村", "俺们村", "我们楼", "我们这", "我们那", "我们镇", "我们街",
        "我们单位", "我们厂", "我们公司", "我们学校", "我住", "我所在", "村头", "这栋", "那栋",
        "my building", "next door",
    ),
    "g_party": (
        "房东", "老板", "包工头", "老细", "邻居", "对方", "开发商", "这家", "那家", "这个店",
        "那个店", "他们", "他家", "我们物业", "我家物业", "我们老板", "我们领导", "landlord", "boss",
    ),
    "g_when": (
        "昨天", "今天", "前天", "上周", "上个月", "刚才", "刚刚", "今早", "昨晚", "前几天", "这几天",
        "最近", "天天", "每天", "每晚", "一直", "老是", "总是", "经常", "好几天", "个月了", "天了",
        "年了", "周了", "到现在", "至今", "还没", "yesterday", "every day", "for weeks",
    ),
    "g_harmed": (
        "我被", "我家被", "被人", "被骗", "被打", "被扣", "被辞", "被欠", "被占", "被拆", "不给我",
        "不退", "拖欠", "欠薪", "欠我", "克扣", "扣了", "不让我", "不让在", "不修", "不赔", "拒赔",
        "违约", "不认", "不服", "坏了", "漏水", "太吵", "骗了", "打了", "占了", "堵了", "禁止",
        "逼", "收了我", "我交了", "我申请", "非要", "不收", "停了",
    ),
    # Refers back to a matter already filed (status, supplement, withdraw), and closes it.
    "g_filed": (
        "你们说", "说好", "答应", "转给", "转到", "报上去", "承办", "经办", "跟进", "那件事",
        "那个事", "那事", "我的件", "我的单", "我那", "之前反映", "上次反映", "前面反映",
        "之前投诉", "上次投诉", "催办", "回电", "上门",
    ),
    "g_close": (
        "销号", "销掉", "关单", "关闭", "结束掉", "无需再", "不用再", "别再往下", "不办了", "莫管了",
        "不用整了", "放弃", "收回", "撤掉", "就到这", "不麻烦", "谈妥", "落实了", "解决咯", "好了",
    ),
    "g_close_denied": (
        "不撤", "别结案", "别给我结案", "不要结案", "不要撤", "没说过", "没撤过", "谁让你们",
        "不能算了", "别销号", "不要销号", "没解决", "根本没",
    ),
}

#: The cues that say "a particular problem", as against a question in general.
_PARTICULAR = ("g_place", "g_party", "g_when", "g_harmed", "g_amount")
# Questions the shape's end-of-message test misses: "有没有权力…", "是不是…", "这合理吗" inside.
_ASKS = re.compile(r"有没有|是不是|能不能|可不可以|可以吗|合理吗|合法吗|有权|权力|算不算|行不行|对不对|[?？]")
# An amount of money ("五千押金", "0块": the feature surface folds digit runs to "0").
_AMOUNT = re.compile(r"(?:0|[零一二两三四五六七八九十百千万几]+)(?:块|元|万)")


def _latin(word: str) -> bool:
    return word.isascii() and any(char.isalpha() for char in word)


# One pattern per concept, scanned in C.  Chinese words match anywhere (there are no spaces to
# find); Latin words only as whole words, or "fired" would be a fire and "hi" would greet
# inside "this".
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    chinese = [re.escape(word) for word in words if not _latin(word)]
    latin = [re.escape(word.strip()) for word in words if _latin(word)]
    parts = chinese + ([r"(?<![a-z])(?:" + "|".join(latin) + r")(?![a-z])"] if latin else [])
    return re.compile("|".join(parts))


def _openings(words: tuple[str, ...]) -> frozenset[str]:
    """What a text must contain for :func:`_pattern` of ``words`` to match in it: the first two
    characters of some word (the word itself when it has one character).

    Every alternative of the pattern is one word as written (a Latin word stripped, its
    lookarounds only narrowing where it may match), so a match holds a whole word and with it
    the word's opening: a text without any opening cannot match, and its search is skipped.
    """
    return frozenset((word.strip() if _latin(word) else word)[:2] for word in words)


def text_openings(text: str) -> frozenset[str]:
    """Every character and every pair of adjacent characters of ``text`` (what
    :func:`_openings` is tested against), built in C."""
    return frozenset(text).union(map(str.__add__, text, text[1:]))


class _CueTable:
    """Named patterns, each with the openings one of which a text must hold for it to match."""

    def __init__(self, table: Mapping[str, tuple[str, ...]]) -> None:
        self.patterns = {name: _pattern(words) for name, words in table.items()}
        self.openings = {name: _openings(words) for name, words in table.items()}
        # Per prefix asked for (filled on first use): every opening with the prefix, and the
        # names each prefixed opening may lead to.
        self._index: dict[str, tuple[frozenset[str], dict[str, frozenset[str]]]] = {}

    def _indexed(self, prefix: str) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
        index = self._index.get(prefix)
        if index is None:
            names_of: dict[str, set[str]] = {}
            for name, openings in self.openings.items():
                for opening in openings:
                    names_of.setdefault(prefix + opening, set()).add(name)
            index = (frozenset(names_of), {key: frozenset(names)
                                           for key, names in names_of.items()})
            self._index[prefix] = index
        return index

    def found(self, text: str, present: AbstractSet[str] | None, prefix: str) -> list[str]:
        """The names whose pattern matches ``text``, in table order.

        ``present`` holds ``prefix`` + every character and every pair of adjacent characters of
        ``text`` (more is harmless); None: :func:`text_openings` of ``text``, no prefix.
        """
        if present is None:
            present, prefix = text_openings(text), ""
        every, names_of = self._indexed(prefix)
        # Most patterns miss most messages, and a miss costs a scan of the whole text: only the
        # patterns one of whose openings the text holds are searched (one intersection and one
        # union, in C), and that is exact (see _openings).
        hits = every.intersection(present)
        if not hits:
            return []
        candidates = frozenset().union(*map(names_of.__getitem__, hits))
        return [name for name, pattern in self.patterns.items()
                if name in candidates and pattern.search(text)]


_CONCEPTS = _CueTable(CONCEPTS)
_GRIEVANCE = _CueTable(GRIEVANCE_CUES)
_PATTERNS = _CONCEPTS.patterns


def concepts_in(text: str, present: AbstractSet[str] | None = None, prefix: str = "") -> list[str]:
    """The concepts whose words occur in lower-cased, normalized ``text`` (each once).

    ``present``: ``prefix`` + every character and every pair of adjacent characters of
    ``text``, when the caller has them already (a feature counter's character n-grams);
    None: they are gathered here.
    """
    return _CONCEPTS.found(text, present, prefix)


def grievance_cues_in(text: str, asks: bool, present: AbstractSet[str] | None = None,
                      prefix: str = "") -> list[str]:
    """The grievance cues of lower-cased, normalized ``text``, and how they meet its form:
    ``g_asks_particular`` (a question that tells of a particular problem: a matter, by the
    guide), ``g_asks_bare`` (a question telling of none), ``g_tells_particular`` (a statement
    of one).  ``asks``: the message ends as a question.  ``present``, ``prefix``: as for
    :func:`concepts_in`."""
    found = _GRIEVANCE.found(text, present, prefix)
    asks = asks or bool(_ASKS.search(text))
    if _AMOUNT.search(text):
        found.append("g_amount")
    particulars = sum(name in _PARTICULAR for name in found)
    particular = particulars > 0
    if particulars >= 2:
        # Two particulars (a party and a time, a place and a harm) are a story, not a premise.
        found.append("g_particulars")
    if asks:
        found.append("g_asks_particular" if particular else "g_asks_bare")
    elif particular:
        found.append("g_tells_particular")
    return found


#: Issue 15, the pre-guide set's line: a grievance told as a question or a rhetorical question
#: ("为啥我们楼天天停水", "路灯坏了一个月 有人管吗", "物业这么干 你们就不管管") against a question
#: about a procedure, a rule or a place to go ("停水了一般找谁").  The cues are what the guide's
#: rule 12 reads: a *why* asked of the writer's own lot, a problem state (a service down, a
#: thing broken, money withheld), who is to deal with it, a rhetorical turn; and the writer's
#: own voice.  Their meetings are separate concepts (:func:`rhetorical_cues_in`).
RHETORICAL_CUES: Mapping[str, tuple[str, ...]] = {
    "r_why": ("为什么", "为啥", "为何", "凭什么", "凭啥", "咋就", "怎么就", "怎么会", "怎么又",
              "咋又", "点解", "why "),
    "r_problem": (
        "停水", "没水", "断水", "来水", "停电", "没电", "断电", "通电", "不亮", "黑了", "坏了",
        "坏掉", "烂了", "不热", "不制冷", "漏水", "漏了", "倒灌", "积水", "堵了", "堵死", "冒水",
        "臭", "吵", "噪音", "扰民", "油烟", "没人管", "没人修", "没人理", "没人来", "没人收",
        "不管", "不修", "不给", "不退", "不发", "没发", "停发", "少发", "少了", "多收", "乱收",
        "拖欠", "欠我", "欠俺", "克扣", "扣我", "扣了", "占了", "占满", "裂了", "裂缝", "歪了",
        "塌", "跑了", "不让", "不肯", "推给", "跑五趟", "不达标", "不合格", "过期",
        "停了", "没了", "弄丢", "被偷", "被骗", "被打", "被占", "被罚", "被扣",
    ),
    "r_who": ("有人管", "有没有人管", "没人管", "谁管", "谁来管", "管不管", "管一管", "管管",
              "归谁", "归哪", "找谁", "该找", "去哪反映", "哪个部门"),
    "r_turn": ("像话吗", "合理吗", "正常吗", "合法吗", "这样也行", "可以这样", "这样可以",
               "有天理", "有王法", "看不见", "难道", "凭什么", "凭啥", "这叫", "是干嘛",
               "有没有搞错", "到底", "还有没有", "就不管", "不管管", "对吗", "这能行", "算什么"),
    "r_own": ("我", "俺", "咱", "阿拉", "我哋", "偶家", "my ", "our "),
    "r_general": ("一般", "通常", "想了解", "了解一下", "咨询", "打听", "就是问问", "只是问问",
                  "单纯问", "先问问", "规定", "标准", "政策", "条件", "流程", "材料"),
}
_RHETORICAL = _CueTable(RHETORICAL_CUES)


def rhetorical_cues_in(text: str, asks: bool, present: AbstractSet[str] | None = None,
                       prefix: str = "") -> list[str]:
    """The cues of :data:`RHETORICAL_CUES` in lower-cased, normalized ``text``, and their
    meetings: ``r_why_own`` (a why of the writer's own lot or of a problem), ``r_problem_asks``
    (a problem state in a question), ``r_problem_who`` (a problem and who is to deal with it),
    ``r_who_bare`` (who deals with what, no problem and no own voice: a question in general),
    ``r_general_bare`` (a general word with no problem).  ``asks``, ``present``, ``prefix``: as
    for :func:`grievance_cues_in`."""
    found = _RHETORICAL.found(text, present, prefix)
    asks = asks or bool(_ASKS.search(text))
    has = set(found)
    problem = "r_problem" in has
    if "r_why" in has and (problem or "r_own" in has):
        found.append("r_why_own")
    if problem and (asks or "r_turn" in has):
        found.append("r_problem_asks")
    if problem and "r_who" in has:
        found.append("r_problem_who")
    if "r_who" in has and not problem and "r_own" not in has:
        found.append("r_who_bare")
    if "r_general" in has and not problem:
        found.append("r_general_bare")
    return found


#: The concepts a denial can take back ("不是要跳楼", "没着火", "并没有人受伤"): the emergencies.
DENIABLE: tuple[str, ...] = ("self_harm", "violence", "fire", "gas", "accident", "medical",
                             "mass_incident")
# A denial reaches the concept when it opens the concept's own clause, at most a few characters
# before it: "不是要跳楼" is denied, "不是我说，他要跳楼" is not (a comma ends the clause).
_DENIAL = re.compile(r"(?:不是|并不是|没有|并没|没|不会|不要|别|不想让)[^，。！？,.!?;；\n]{0,4}$")


def negated_concepts_in(text: str) -> list[str]:
    """The deniable concepts of ``text`` whose every occurrence is denied in its clause."""
    denied: list[str] = []
    for name in DENIABLE:
        found = list(_PATTERNS[name].finditer(text))
        if found and all(_DENIAL.search(text[max(0, hit.start() - 8):hit.start()])
                         for hit in found):
            denied.append(name)
    return denied


def concept_word(name: str, text: str) -> str:
    """The word of concept or grievance cue ``name`` that occurs in ``text`` (longest first; ""
    when none): a judgement's reasons are shown as written ("〈g_when〉" is "刚才")."""
    for word in sorted(CONCEPTS.get(name) or GRIEVANCE_CUES.get(name, ()), key=len, reverse=True):
        if word in text:
            return word.strip()
    return ""
