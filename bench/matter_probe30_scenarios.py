"""Fresh scenarios of one matter told again in other words, through the whole bot (helper
matterprobe30, session 25; docs/NLP.md). Written for this probe, from no pair file.

Each scenario: its kind (who tells what, when), what should happen, its class (how the
retelling differs), and the texts. Kinds:

- ``open``: one petitioner, an open case, then the second text (Art 19: joined, or asked
  "是对 XF… 的补充吗？" when unsure);
- ``final``: the same after 复核 made the first final (Art 36 reply; a flagged new case is
  acceptable);
- ``pair``: two petitioners (the second's 并单 proposals list the first);
- ``collective``: five petitioners (the fifth raises the collective warning).

``expect``: "same" (a retelling) or "different" (a hard negative: same place, another problem;
same problem, another place or building).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    kind: str
    expect: str
    cls: str
    texts: tuple[str, ...]


def _s(kind: str, expect: str, cls: str, *texts: str) -> Scenario:
    return Scenario(kind, expect, cls, texts)


# -- the texts a scenario starts from --------------------------------------------------------

LIFT = ("朝阳区锦华小区3号楼的电梯已经停运十天了，物业说配件没到，楼里老人上下楼很困难，"
        "请督促物业尽快修复电梯。")
ROOF = ("海淀区青枫苑3栋楼顶漏水，下雨天顶层住户家里墙面全湿了，多次找物业没人管，"
        "请求维修楼顶防水。")
BASEMENT = "丰台区康和园3#楼地下室常年积水，蚊子滋生，臭味很大，请物业抽水并修好排水管道。"
RATS = ("通州区梨园镇幸福里小区2号楼地下室老鼠成灾，晚上老鼠到处跑，还咬坏了电线，"
        "请物业组织灭鼠。")
TOILET = "房山区长阳镇东坡村村口的公共厕所已经堵了一个月，粪水外溢，臭气熏天，请镇里尽快疏通修缮。"
CANOPY = "大兴区旧宫镇海子角菜市场的顶棚被大风刮破了，下雨摊位全淋湿，请市场管理方尽快修复顶棚。"
STREETLIGHT = "昌平区回龙观镇育知东路从地铁站到龙锦苑一段的路灯坏了半个多月，晚上漆黑一片，请尽快修复路灯。"
BBQ = ("西城区德胜门外大街56号楼下的烧烤店每天晚上油烟直冲楼上住户窗户，家里根本不能开窗，"
       "请环保部门查处。")
WAGES = ("我在顺义区后沙峪的宏达建筑公司工地干了八个月木工，老板至今拖欠我们十二个工人的工资"
         "共计三十多万元，请劳动监察部门帮我们追讨欠薪。")
HEATING = ("石景山区八角北里5号楼暖气一直不热，室温只有十四度，家里老人孩子冻得感冒，"
           "请热力公司检修管道恢复供暖。")
GYM = ("朝阳区望京的力健健身房突然关门跑路，我办的年卡还剩八个月没用，充值的三千元也退不了，"
       "请市场监管部门帮忙追回预付卡余额。")
PARKFEE = ("丰台区方庄芳城园一区物业从这个月起把地面停车费从每月二百元涨到四百元，没有公示也没有"
           "开业主大会，请物价部门核查。")
DOG = "门头沟区大峪街道承泽苑小区里有一群流浪狗，经常追咬路人，上周还咬伤了一个小孩，请尽快收容处理。"
POTHOLE = ("怀柔区雁栖镇范各庄村通往镇上的村道坑坑洼洼，下雨全是泥，电动车经常摔倒，"
           "请求镇政府修缮硬化这段路。")
NOISE = ("东城区和平里七区的建筑工地每天夜里施工到凌晨两点，打桩声音震天响，附近居民根本"
         "睡不着觉，请城管部门制止夜间施工。")
WATER = ("通州区玉桥西里12号楼已经停水三天了，物业只说管道在抢修，没有任何通知，"
         "家里老人做饭洗漱都成问题，请尽快恢复供水。")
MANHOLE = "海淀区学院路华清嘉园南门外人行道上的井盖丢了，一个大黑窟窿，晚上很危险，请尽快补上井盖。"
PENSION = ("我是密云区溪翁庄镇的退休职工，社保局从今年三月起把我的养老金每月少发了六百多元，"
           "一直没有说明理由，请求查明原因并补发。")


SCENARIOS: tuple[Scenario, ...] = (
    # ---- one petitioner, an open case, the same matter told again ------------------------------
    _s("open", "same", "number form 3号楼/三号楼, colloquial", LIFT,
       "锦华小区三号楼电梯还是坏的 十来天了 物业就是不修 赶紧给修一下"),
    _s("open", "same", "number form 3号楼/3栋", LIFT,
       "锦华小区3栋的电梯到今天还没修好，老人天天爬楼，物业一直拖，请尽快修复。"),
    _s("open", "same", "number form 3号楼/3#楼", LIFT,
       "锦华小区3#楼电梯坏了十多天没人修，老人下不了楼，请督促物业赶紧修电梯。"),
    _s("open", "same", "synonym 电梯/升降梯", LIFT,
       "锦华小区3号楼的升降梯停了快两周了，物业一直推说没配件，请尽快修好。"),
    _s("open", "same", "traditional characters", LIFT,
       "錦華小區三號樓的電梯壞了十天還沒修，物業一直拖著，老人上下樓很困難，請儘快維修。"),
    _s("open", "same", "pinyin", LIFT,
       "jinhua xiaoqu 3 hao lou dianti huai le shi tian le, wuye bu xiu, qing kuai dian xiu"),
    _s("open", "same", "English mixed", LIFT,
       "锦华小区 building 3 的 lift 坏了十天了，物业不修，please 尽快修电梯"),
    _s("open", "same", "typos, no punctuation", LIFT,
       "锦华小去3号楼电体坏了十天物叶一直不修老人上不了楼请赶快修"),
    _s("open", "same", "short", LIFT, "锦华小区3号楼电梯坏了十天了，快修"),
    _s("open", "same", "number form 3栋/三号楼, colloquial", ROOF,
       "青枫苑三号楼楼顶又漏雨了 顶层墙都泡了 物业不管 求修一下房顶防水"),
    _s("open", "same", "number form 3栋/3幢, formal", ROOF,
       "关于青枫苑3幢屋面渗漏问题：雨天顶层住户室内墙面大面积渗水，物业未予处理，恳请督促修缮屋面防水层。"),
    _s("open", "same", "typos", ROOF,
       "青风苑3栋楼顶漏谁，顶层家里墙全湿了，物叶不管，请修防水"),
    _s("open", "same", "number form 3#楼/三号楼", BASEMENT,
       "康和园三号楼地下室积水发臭好久了 排水坏了 请尽快处理"),
    _s("open", "same", "number form 3#楼/3号楼, synonym 积水/泡水", BASEMENT,
       "康和园3号楼地下室一直泡在水里，全是蚊子，味道很冲，请物业把水抽了把下水修好。"),
    _s("open", "same", "synonym 老鼠/耗子", RATS,
       "幸福里2号楼地下室耗子太多了 电线都咬断了 物业赶紧灭耗子"),
    _s("open", "same", "synonym 老鼠/鼠患, formal", RATS,
       "反映幸福里小区二号楼地下室鼠患严重、电线被咬损的问题，请物业公司开展灭鼠工作。"),
    _s("open", "same", "synonym 厕所/茅房", TOILET,
       "东坡村村口那个茅房堵了个把月了 粪都漫出来了 臭死了 快来修"),
    _s("open", "same", "synonym 厕所/公厕, traditional", TOILET,
       "東坡村村口公廁堵了一個月，糞水流得到處都是，請鎮裡派人疏通。"),
    _s("open", "same", "synonym 顶棚/棚顶", CANOPY,
       "海子角菜场棚顶破了好些天 一下雨摊位全是水 请管理处修棚顶"),
    _s("open", "same", "synonym 菜市场/菜场, 顶棚/雨棚", CANOPY,
       "海子角菜场的雨棚叫风刮坏了，下雨我们摆摊的全挨淋，请市场赶紧修。"),
    _s("open", "same", "synonym 路灯/街灯, colloquial", STREETLIGHT,
       "育知东路地铁站往龙锦苑那段街灯半个月不亮了 黑灯瞎火的 快修修"),
    _s("open", "same", "pinyin", STREETLIGHT,
       "yuzhi donglu ditie zhan dao longjinyuan de ludeng huai le ban ge yue, wanshang hen hei, qing xiu"),
    _s("open", "same", "colloquial, 油烟/烟熏", BBQ,
       "德胜门外大街56号楼底下那家烧烤天天晚上熏得我们没法开窗 管管吧"),
    _s("open", "same", "short, formal", BBQ,
       "请查处德外大街56号楼下烧烤店油烟扰民问题。"),
    _s("open", "same", "synonym 工资/工钱, colloquial", WAGES,
       "宏达建筑那个老板欠我们十二个人的工钱三十多万 干了八个月一分没拿到 求帮忙要回来"),
    _s("open", "same", "English mixed", WAGES,
       "宏达建筑公司 boss 拖欠 salary 三十多万，12 workers 八个月没发钱，请劳动监察帮忙"),
    _s("open", "same", "synonym 暖气/供暖, colloquial", HEATING,
       "八角北里5号楼家里冷死了 暖气片冰凉 才十四度 热力公司快来修"),
    _s("open", "same", "number form 5号楼/五号楼, traditional", HEATING,
       "八角北里五號樓暖氣不熱，室溫只有十四度，老人孩子都凍病了，請熱力公司檢修。"),
    _s("open", "same", "colloquial, 跑路/卷钱", GYM,
       "望京力健健身卷钱跑了 我卡里还有三千块退不回来 帮帮忙"),
    _s("open", "same", "synonym 停车费/车位费", PARKFEE,
       "芳城园一区物业把地上车位费从两百一下涨到四百 也没公示也没开会 这合理吗 请核查"),
    _s("open", "same", "synonym 流浪狗/野狗", DOG,
       "承泽苑小区里那帮野狗又追人了 上礼拜还把小孩咬了 赶紧来抓走"),
    _s("open", "same", "dialect, typos", POTHOLE,
       "范各庄村去镇上那条道坑坑洼洼的 一下雨全是泥汤子 电动车老摔 请镇里给修修"),
    _s("open", "same", "colloquial, 打桩/噪音", NOISE,
       "和平里七区那工地天天半夜打桩 吵得人一宿睡不着 城管管不管"),
    _s("open", "same", "number form 12号楼/十二号楼, 停水/没水", WATER,
       "玉桥西里十二号楼三天没水了 物业啥也不说 老人饭都做不了 快来水"),
    _s("open", "same", "English mixed", MANHOLE,
       "华清嘉园南门外 sidewalk 上的 manhole cover 丢了，很危险，请补上"),
    _s("open", "same", "colloquial", MANHOLE,
       "华清嘉园南门外头人行道上有个窟窿 井盖没了 晚上看不见容易掉下去 快弄个盖子"),
    _s("open", "same", "synonym 养老金/退休金, colloquial", PENSION,
       "我退休金从三月份起每个月少了六百多 社保局也不说为啥 请给查查补上"),
    _s("open", "same", "short, ask only", PENSION, "请查明我三月起养老金少发六百元的原因并补发"),
    _s("open", "same", "estate nickname 锦华小区/锦华", LIFT,
       "锦华3号楼那电梯还趴着呢，十天了，物业说等配件，老人下不了楼"),
    _s("open", "same", "long retelling with more detail", RATS,
       "再次反映通州区梨园镇幸福里小区2号楼地下室老鼠问题。自上月起地下室老鼠越来越多，"
       "已经咬断了楼道照明的电线，住户晚上不敢下去取东西，物业说投了药但根本不管用，"
       "请有关部门督促物业彻底灭鼠并封堵鼠洞。"),

    # ---- one petitioner, an open case, then another matter of theirs ---------------------------
    _s("open", "different", "same building, another problem (lift / leak)", LIFT,
       "锦华小区3号楼我家楼上卫生间漏水，把我家天花板泡塌了一块，请物业协调楼上维修。"),
    _s("open", "different", "same problem, another building (3号楼 / 7号楼)", LIFT,
       "锦华小区7号楼的电梯也坏了，停了一个星期，物业同样说没配件，请一并督促维修。"),
    _s("open", "different", "same problem, another building, number forms (3号楼 / 七栋)", LIFT,
       "锦华小区七栋电梯困人了，昨天把两个老人关在里面半小时，请查一下这部电梯的维保。"),
    _s("open", "different", "same thing, another demand (repair / money published)", LIFT,
       "锦华小区物业这些年收的电梯维修基金花到哪去了，请公开电梯维修资金的使用明细。"),
    _s("open", "different", "same estate, another problem (lift / parking)", LIFT,
       "锦华小区物业最近把停车费从一百五涨到三百，也没开业主大会，请查一下是否合规。"),
    _s("open", "different", "same building, pinyin, another building", LIFT,
       "jinhua xiaoqu 8 dong dianti ye huai le, qing yiqi xiu"),
    _s("open", "different", "same estate, another problem (roof / 楼道灯)", ROOF,
       "青枫苑3栋楼道里的灯坏了好几个月了，晚上上楼黑乎乎的，请物业换灯泡。"),
    _s("open", "different", "same place, another problem (basement water / 停车)", BASEMENT,
       "康和园地下车库被外面的车长期占用，业主自己的车没地方停，请物业管理。"),
    _s("open", "different", "same building, another problem (rats / 垃圾)", RATS,
       "幸福里小区2号楼门口的垃圾桶三天没人清运了，苍蝇乱飞，请物业及时清运垃圾。"),
    _s("open", "different", "same village, another problem (toilet / road)", TOILET,
       "东坡村村口到村委会那段路坑坑洼洼，下雨全是泥，请镇里给硬化一下。"),
    _s("open", "different", "same market, another problem (canopy / scales)", CANOPY,
       "海子角菜市场有几个摊位用的电子秤缺斤短两，我买二斤肉回家一称只有一斤七两，请查处。"),
    _s("open", "different", "same road, another problem (light / manhole)", STREETLIGHT,
       "育知东路地铁站出口旁边的井盖松了，一踩就翻，很危险，请尽快修复。"),
    _s("open", "different", "same shop, another problem (smoke / food poisoning)", BBQ,
       "德胜门外大街56号楼下那家烧烤店卖的羊肉串不新鲜，我吃完上吐下泻住了院，请市场监管部门查处。"),
    _s("open", "different", "same employer, another matter (wages / injury)", WAGES,
       "我在宏达建筑公司工地干活时从脚手架上摔下来摔断了腿，公司不给认定工伤，请求帮助认定工伤。"),
    _s("open", "different", "same building, another problem (heating / heating fee)", HEATING,
       "八角北里5号楼热力公司今年把取暖费每平米涨了五块钱，没有任何通知，请核查收费标准。"),
    _s("open", "different", "same gym, another matter (card / pool water)", GYM,
       "力健健身房关门前我在泳池游泳，池水浑浊发绿，回来就得了皮肤病，请卫生部门查一下。"),
    _s("open", "different", "same estate, another matter (parking fee / fire lane)", PARKFEE,
       "芳城园一区消防通道被私家车长期占满，消防车根本进不来，请物业和消防部门处理。"),
    _s("open", "different", "same problem, another place (dogs at two estates)", DOG,
       "大峪街道新桥南大街绿岛家园小区也有流浪狗伤人，请一并收容。"),
    _s("open", "different", "same street, another problem (noise / dust)", NOISE,
       "和平里七区那个工地的渣土车不苫盖，一路撒土，扬尘特别大，请城管查处。"),
    _s("open", "different", "same building, another problem (water / gas)", WATER,
       "玉桥西里12号楼楼道里有很重的煤气味，怀疑燃气管道漏气，请燃气公司上门检查。"),

    # ---- after 复核: the same matter again (Art 36) ---------------------------------------------
    _s("final", "same", "number form, colloquial", LIFT,
       "锦华小区三号楼电梯又是老样子坏着 物业还是不修 要求修好"),
    _s("final", "same", "synonym 电梯/升降梯", LIFT,
       "锦华小区3号楼升降梯仍未修复，物业推诿，请求督促维修。"),
    _s("final", "same", "synonym 老鼠/耗子", RATS,
       "幸福里小区2号楼地下室耗子还是那么多 电线又被咬了 物业灭鼠不管用"),
    _s("final", "same", "synonym 厕所/茅房", TOILET,
       "东坡村村口茅房还是堵着 粪水往外冒 请镇里疏通修好"),
    _s("final", "same", "synonym 顶棚/棚顶", CANOPY,
       "海子角菜市场棚顶还是破的，下雨摊位照样淋，请修复棚顶"),
    _s("final", "same", "traditional characters", HEATING,
       "八角北里5號樓暖氣還是不熱，室溫十四度，請熱力公司檢修恢復供暖。"),
    _s("final", "same", "colloquial", WAGES,
       "宏达建筑老板欠我们的工钱到现在还没给 三十多万 请继续追讨"),
    _s("final", "same", "pinyin", STREETLIGHT,
       "yuzhi donglu de ludeng hai shi huai de, wanshang hen hei, qing xiu ludeng"),
    _s("final", "same", "English mixed", GYM,
       "力健 gym 跑路了，我的 card 还有三千块 refund 不了，请帮忙追回预付卡余额"),
    _s("final", "same", "short, formal", PENSION,
       "再次请求查明我养老金自三月起每月少发六百余元的原因并予补发。"),
    _s("final", "same", "typos", ROOF,
       "青风苑3栋楼顶还在漏谁，顶层墙面湿透，请维修楼顶防水"),
    _s("final", "same", "number form 12号楼/十二号楼", WATER,
       "玉桥西里十二号楼又停水了三天，请恢复供水。"),
    _s("final", "different", "same building, another problem (lift / leak)", LIFT,
       "锦华小区3号楼我家楼上装修把防水层破坏了，我家卫生间天花板一直漏水，请协调楼上修防水。"),
    _s("final", "different", "same problem, another building", LIFT,
       "锦华小区7号楼电梯坏了一周了，请督促物业维修。"),
    _s("final", "different", "same employer, another matter (wages / social insurance)", WAGES,
       "宏达建筑公司从来没给我们工人交过社保，请社保部门责令补缴社会保险。"),
    _s("final", "different", "same village, another problem", TOILET,
       "东坡村村委会的账目三年没公开了，村民不知道集体收入花到哪了，请镇里督促公开村务。"),
    _s("final", "different", "same road, another problem", STREETLIGHT,
       "育知东路龙锦苑门口的红绿灯绿灯时间太短，老人过马路走不完，请延长过街时间。"),
    _s("final", "different", "same shop, another problem (smoke / noise)", BBQ,
       "德胜门外大街56号楼下那家烧烤店后半夜还在喝酒划拳，吵得楼上根本睡不着，请派出所管一管。"),

    # ---- two petitioners, one matter (并单) -----------------------------------------------------
    _s("pair", "same", "neighbour, number form 3号楼/三号楼", LIFT,
       "我住锦华小区三号楼十五层，电梯十来天没法用了，每天爬楼腿都软了，请让物业修电梯。"),
    _s("pair", "same", "neighbour, 3号楼/3栋, colloquial", LIFT,
       "锦华小区3栋电梯坏半个月了吧 物业光说等配件 我们老两口下不去楼 能不能催催"),
    _s("pair", "same", "neighbour, pinyin", LIFT,
       "wo zhu jinhua xiaoqu 3 hao lou, dianti huai le hen jiu, qing cu wuye xiu dianti"),
    _s("pair", "same", "neighbour, traditional", ROOF,
       "我是青楓苑3棟頂樓住戶，樓頂漏水家裡牆都濕了，物業不管，請幫忙督促維修。"),
    _s("pair", "same", "neighbour, 3#楼/三号楼", BASEMENT,
       "康和园三号楼的地下室老是有水，下水堵了，蚊子太多，味儿大，请物业处理。"),
    _s("pair", "same", "neighbour, 老鼠/耗子", RATS,
       "幸福里二号楼地下室闹耗子 我家电动车线都给咬了 物业也不灭"),
    _s("pair", "same", "villager, 厕所/茅房", TOILET,
       "我们东坡村口茅厕堵死了 满地粪水 熏得人没法过 请镇上赶紧修"),
    _s("pair", "same", "stallholder, 顶棚/棚顶", CANOPY,
       "我在海子角菜市场卖菜，市场棚顶被风掀了，一下雨菜全泡了，请管理方修棚子。"),
    _s("pair", "same", "passer-by, 路灯/街灯", STREETLIGHT,
       "回龙观育知东路靠近龙锦苑那段街灯全灭了，我下班走夜路很害怕，请修一下。"),
    _s("pair", "same", "neighbour, colloquial", BBQ,
       "德外大街56号楼下面烧烤店的烟太大了，我家在三楼，衣服都有烧烤味，请管管。"),
    _s("pair", "same", "co-worker, 工资/血汗钱", WAGES,
       "宏达建筑公司欠我们木工班的血汗钱，顺义后沙峪那个工地，老板躲着不见人，请帮我们讨薪。"),
    _s("pair", "same", "neighbour, 暖气/供热", HEATING,
       "八角北里五号楼供热不达标，屋里才十三四度，请热力公司来看看管道。"),
    _s("pair", "same", "member, English mixed", GYM,
       "望京力健健身 gym 关门了，我的会员卡还有余额没退，请帮忙。"),
    _s("pair", "same", "neighbour, 停车费/车位费", PARKFEE,
       "芳城园一区物业擅自把车位费翻了一倍，从二百到四百，没开业主大会，请核查。"),
    _s("pair", "same", "neighbour, 流浪狗/野狗", DOG,
       "承泽苑小区野狗成群，见人就追，我家孩子都不敢下楼了，请来收容。"),
    _s("pair", "same", "villager, dialect", POTHOLE,
       "范各庄村到镇上那条路烂得没法走 下雨全是泥坑 请给修成水泥路"),
    _s("pair", "same", "neighbour, formal", NOISE,
       "反映和平里七区建筑工地夜间违规施工、噪声扰民问题，请城管执法部门依法查处。"),
    _s("pair", "same", "neighbour, 停水/没水", WATER,
       "玉桥西里12号楼这几天一直没有水，物业不通知，请自来水公司尽快恢复。"),
    _s("pair", "same", "passer-by, 井盖/窨井盖", MANHOLE,
       "学院路华清嘉园南门外人行道窨井盖缺失，存在安全隐患，请相关部门补装。"),
    _s("pair", "same", "neighbour, 3号楼/3单元 no building", LIFT,
       "锦华小区3号楼的电梯坏了好多天，我们楼里的老人出不了门，请尽快修。"),
    _s("pair", "same", "neighbour, estate nickname 锦华", LIFT,
       "锦华3号楼电梯十天了还没修好，物业推说没配件，请督促。"),
    _s("pair", "same", "neighbour, short", RATS, "幸福里小区2号楼地下室老鼠太多，请灭鼠。"),
    _s("pair", "same", "neighbour, traditional + 耗子", RATS,
       "幸福里小區2號樓地下室耗子成災，電線被咬壞，請物業滅鼠。"),
    _s("pair", "same", "retiree, 养老金/退休工资", PENSION,
       "溪翁庄镇退休职工反映：今年三月起养老金被少发，每月差六百多元，社保局不作解释，请查明补发。"),
    _s("pair", "different", "same building, another problem", LIFT,
       "锦华小区3号楼单元门的门禁坏了一个月，外人随便进出，请物业修门禁。"),
    _s("pair", "different", "same problem, another building", LIFT,
       "锦华小区9号楼的电梯坏了一周，物业说等配件，请督促维修。"),
    _s("pair", "different", "same problem, another estate", LIFT,
       "朝阳区锦绣小区3号楼电梯停运十天了，物业不修，老人下不了楼，请督促维修。"),
    _s("pair", "different", "same estate, another problem (roof / lift)", ROOF,
       "青枫苑3栋的电梯三天两头坏，上周又困人了，请检查电梯。"),
    _s("pair", "different", "same village, another problem", TOILET,
       "东坡村村口的垃圾堆了好几天没人清运，臭气熏天，请镇里安排清运。"),
    _s("pair", "different", "same market, another problem", CANOPY,
       "海子角菜市场门口的路边摊占道经营，车都过不去，请城管整治。"),
    _s("pair", "different", "same road, another problem", STREETLIGHT,
       "育知东路地铁站门口黑车拉客很严重，请交通执法部门查处。"),
    _s("pair", "different", "same problem, another street", STREETLIGHT,
       "昌平区回龙观镇文华路靠近同成街一段路灯坏了一个月，请修复。"),
    _s("pair", "different", "same shop's street, another shop", BBQ,
       "德胜门外大街58号楼下的火锅店排油烟管道直对我家卧室，请查处。"),
    _s("pair", "different", "same employer, another matter", WAGES,
       "宏达建筑公司工地夜里施工吵得后沙峪村民睡不着，请制止夜间施工。"),
    _s("pair", "different", "same building, another problem", HEATING,
       "八角北里5号楼楼门口的垃圾桶满了没人清，请环卫处理。"),
    _s("pair", "different", "same problem, another building", WATER,
       "通州区玉桥西里8号楼停水两天了，请尽快恢复供水。"),

    # ---- five petitioners, one matter (collective warning) --------------------------------------
    _s("collective", "same", "five retellings, number forms and synonyms", LIFT,
       "锦华小区三号楼电梯坏了十天，老人下不了楼，请修。",
       "锦华小区3栋升降梯停运快两周，物业说没配件，请督促。",
       "我住锦华小区3号楼，电梯十来天不能用，每天爬楼，请让物业修电梯。",
       "錦華小區三號樓電梯壞了十天，請督促物業維修。"),
    _s("collective", "same", "five villagers, 厕所/茅房/公厕", TOILET,
       "东坡村村口的茅房堵了一个月，粪水横流，请镇里修。",
       "东坡村口公厕粪水外溢臭气熏天，请疏通。",
       "我们东坡村村口那个厕所堵死了，大家都没法用，请镇政府派人修缮。",
       "东坡村村口茅厕漫粪水 熏死人了 快修"),
    _s("collective", "same", "five stallholders and shoppers, 顶棚/棚顶", CANOPY,
       "海子角菜场棚顶破了，一下雨摊位全是水，请修。",
       "海子角菜市场顶棚被风刮坏，摊主们的货全淋湿了，请市场管理方修复。",
       "我在海子角菜市场买菜，棚顶漏雨地上全是水，很滑，请修棚顶。",
       "海子角菜市场的雨棚坏了好几天没人管，请尽快修好。"),
    _s("collective", "same", "five workers, 工资/工钱/血汗钱", WAGES,
       "宏达建筑公司拖欠我们工人工资三十多万，请劳动监察帮忙追讨。",
       "后沙峪宏达建筑工地老板欠我们工钱八个月了，请帮忙要回来。",
       "宏达建筑欠木工班的血汗钱不给，老板躲起来了，请政府做主。",
       "我是宏达建筑公司工地的木工，工资被拖欠八个月，请求追讨欠薪。"),
    _s("collective", "same", "five neighbours, 老鼠/耗子", RATS,
       "幸福里小区2号楼地下室老鼠成灾，请物业灭鼠。",
       "幸福里2号楼地下室耗子太多了，电线都咬断了，请灭耗子。",
       "幸福里小区二号楼地下室鼠患严重，请物业公司处理。",
       "幸福里小区2号楼地下室闹老鼠，晚上不敢下去，请物业组织灭鼠。"),
    _s("collective", "same", "five passers-by, 路灯/街灯", STREETLIGHT,
       "育知东路龙锦苑那段路灯坏了半个月，晚上太黑，请修。",
       "回龙观育知东路地铁站到龙锦苑的街灯不亮了，请尽快修复。",
       "育知东路靠近龙锦苑一段路灯全灭，走夜路害怕，请修一下。",
       "育知东路地铁站附近路灯半个多月不亮，请有关部门修复路灯。"),
    _s("collective", "different", "four on the lift, the fifth another problem in the building", LIFT,
       "锦华小区三号楼电梯坏了十天，老人下不了楼，请修。",
       "锦华小区3栋升降梯停运快两周，物业说没配件，请督促。",
       "我住锦华小区3号楼，电梯十来天不能用，每天爬楼，请让物业修电梯。",
       "锦华小区3号楼楼道堆满杂物，消防通道被堵，请物业清理。"),
    _s("collective", "different", "four on the lift, the fifth the lift of another building", LIFT,
       "锦华小区三号楼电梯坏了十天，老人下不了楼，请修。",
       "锦华小区3栋升降梯停运快两周，物业说没配件，请督促。",
       "我住锦华小区3号楼，电梯十来天不能用，每天爬楼，请让物业修电梯。",
       "锦华小区6号楼电梯也坏了一个礼拜，请物业修。"),
    _s("collective", "different", "four on the toilet, the fifth the village's road", TOILET,
       "东坡村村口的茅房堵了一个月，粪水横流，请镇里修。",
       "东坡村口公厕粪水外溢臭气熏天，请疏通。",
       "我们东坡村村口那个厕所堵死了，大家都没法用，请镇政府派人修缮。",
       "东坡村村口那段路坑坑洼洼，下雨全是泥，请硬化道路。"),
    _s("collective", "different", "four on the canopy, the fifth scales at the market", CANOPY,
       "海子角菜场棚顶破了，一下雨摊位全是水，请修。",
       "海子角菜市场顶棚被风刮坏，摊主们的货全淋湿了，请市场管理方修复。",
       "我在海子角菜市场买菜，棚顶漏雨地上全是水，很滑，请修棚顶。",
       "海子角菜市场有摊主用电子秤缺斤短两，请市场监管部门查处。"),
)
