"""Misreadings found trying the bot by hand in session 19.

- "我要跳楼" got no alarm at all (self-harm 0.004): the phrasing corpus writes 跳楼 forty-five
  times in calm sentences ("不是要跳楼", "排队排得我想跳楼", "跳楼价") and twice in a threat, so
  the learned head took the word for calm. A threat to one's life said plainly is now a rule
  (nlp.stated_harm) under the head: raised to an alarm unless its own clause takes it back.
- "救命" alone was a quiet signal (0.03): the short safety line after the normal reply. A bare
  cry for help is an alarm that leads with every number.
- A decline in a few words ("名字就算了", "不说", "电话就免了", "无可奉告") was told "does not look
  like a name"; a question in everyday words ("你们要我名字干嘛") was too.
- A name typed in pinyin ("li xiao hong", "wangfang") was no name, and raised the safety line:
  the model hears Latin n-grams faintly as danger.
- Particulars said with the words that introduce them raised an alarm: "打这个 0571-8765…"
  (打, and the model's 0- for digits), "打我老婆电话 139…" (violence 0.35, 打老婆 read across
  我), "电话在下面 138…", "我姓林 电话在下面" (self-harm 0.13 and the crisis line).
- "那我叫老陈吧" (the name one goes by) was no name: a surname with 老 after 我叫 is thanked by
  the surname and the full name asked, as "叫我老陈" was.
- "我叫李四 你们别告诉他是我举报的" took the name and said nothing of the request; an accusation
  on Telegram was asked to confirm the classifier's category ("属于「环境保护」类，对吗？").
- Praise of an official ("表扬一下我们社区的王书记 帮我们解决了漏水的问题") was read as an
  accusation (0.21) and told it goes to 纪检监察 (nlp.praise).
- "新生儿落户需要什么材料" got the answer on what a petition must contain: the papers another
  procedure needs are another office's question.
- The list of one's open cases showed numbers and statuses only, and "第一个" after it was taken
  as a contact that did not fit ("2" as a grade): each line now shows the first words of the
  case, and a pick by its place right after the list gets that case's status.
- "我就想知道你们到底管不管" got the crisis line (self-harm 0.03 on 不管, 知道, 我就): a faint
  self-harm signal on a question about progress with no word of harm in it is the model's noise.
"""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.particulars import extract_particulars, pinyin_name
from nlp.stated_harm import only_a_cry, stated_act
from tests.bot.harness import BotHarness, all_cases, petitioner

SENDER = "telegram:5551900"
COMPLAINT = "楼下烧烤店每天晚上油烟很大，熏得窗户都不敢开"
CRISIS = "12356"


@pytest.mark.parametrize("text", [
    "我要跳楼", "我想跳楼", "不说了 我要跳楼", "再不给钱我就跳楼", "我要上吊", "我今天就喝农药",
    "我们全家去跳河算了", "活着太累了 我想自杀", "我現在就要跳樓", "房子没了 我不想活了",
    "我这就去死", "你们不管 我就死给你们看", "明天我就去江边 一了百了",
])
def test_a_threat_to_ones_life_said_plainly_is_stated(text: str) -> None:
    assert stated_act(normalize(text)), text


@pytest.mark.parametrize("text", [
    "不是要跳楼，是楼顶漏水", "气得我想跳楼，排了三个小时队", "排队排到想跳楼", "跳楼价甩卖的店是骗人的",
    "如果有人要跳楼你们管不管", "以前想过不活了 现在好了 就是想问低保", "我要跳楼 开玩笑的 就是网太慢",
    "冬天烧炭取暖要注意啥", "我不想活在这么吵的地方", "笑不活了 食堂饭太难吃", "自杀的人的家属能领抚恤金吗",
    "前阵子有人闹着要跳楼，后来被劝下来了", "楼顶的门不锁 孩子爬上去很危险",
])
def test_the_same_words_taken_back_in_their_clause_are_not_stated(text: str) -> None:
    assert not stated_act(normalize(text)), text


@pytest.mark.parametrize("channel_sender", [SENDER, "tel:+8613900001901", "mailto:a19@example.com"])
async def test_i_will_jump_gets_the_crisis_line_on_every_channel(
        bot: BotHarness, channel_sender: str) -> None:
    replies = await bot.say("我要跳楼", sender=channel_sender)
    assert CRISIS in replies[0] and "珍惜生命" in replies[0], replies
    (case,) = all_cases(bot)
    assert case.needs_human


async def test_i_will_jump_mid_dialogue_after_i_wont_say(bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say("不说了 我要跳楼", sender=SENDER)
    assert CRISIS in replies[0], replies
    (case,) = all_cases(bot)
    assert case.needs_human


@pytest.mark.parametrize("text", ["救命", "救命啊！", "救救我", "快来人啊"])
async def test_a_bare_cry_for_help_leads_with_every_number(bot: BotHarness, text: str) -> None:
    assert only_a_cry(normalize(text))
    replies = await bot.say(text, sender=SENDER)
    assert "110" in replies[0] and "120" in replies[0], replies
    assert all_cases(bot)[0].needs_human


@pytest.mark.parametrize("text", ["救命啊 物业费又涨了", "help", "救命稻草"])
def test_a_cry_among_other_words_is_left_to_the_model(text: str) -> None:
    assert not only_a_cry(normalize(text))


@pytest.mark.parametrize(("declined", "items"), [
    ("名字就算了", {"name"}), ("不说", {"name", "contact"}), ("姓名保密", {"name"}),
    ("电话就免了", {"contact"}), ("无可奉告", {"name", "contact"}), ("名字不重要", {"name"}),
    ("不给", {"name", "contact"}), ("我就不说了", {"name", "contact"}), ("号码就省了吧", {"contact"}),
])
async def test_a_decline_in_a_few_words_is_respected(
        bot: BotHarness, declined: str, items: set[str]) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say(declined, sender=SENDER)
    assert "不像姓名" not in replies[0] and "可以不留" in replies[0], replies
    assert set(petitioner(bot, SENDER).declined.split(",")) == items


@pytest.mark.parametrize("asked", ["你们要我名字干嘛", "留电话干啥", "要我地址有啥用"])
async def test_why_the_particulars_asked_in_everyday_words_is_answered(
        bot: BotHarness, asked: str) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say(asked, sender=SENDER)
    assert "第十九条" in replies[0], replies
    assert petitioner(bot, SENDER).name == ""


@pytest.mark.parametrize(("typed", "name"), [
    ("li xiao hong", "Li Xiaohong"), ("zhang wei", "Zhang Wei"), ("wangfang", "Wang Fang"),
    ("ouyang xiu", "Ouyang Xiu"), ("Chen Jing", "Chen Jing"),
])
async def test_a_name_typed_in_pinyin_is_the_name_and_no_alarm(
        bot: BotHarness, typed: str, name: str) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say(typed, sender=SENDER)
    assert not any("110" in reply for reply in replies), replies
    assert petitioner(bot, SENDER).name == name
    assert not all_cases(bot)[0].needs_human


@pytest.mark.parametrize("typed", ["xie xie", "hao de", "hello", "ok", "dian hua", "bu shuo"])
def test_pinyin_sayings_and_english_words_are_no_name(typed: str) -> None:
    assert pinyin_name(typed) == ""


@pytest.mark.parametrize("given", [
    "打这个 0571-87654321", "打我老婆电话 13987654321", "电话在下面 13812345678",
    "联系方式如下 13812345678", "我姓林 电话在下面",
])
async def test_particulars_with_their_introducing_words_raise_no_alarm(
        bot: BotHarness, given: str) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say(given, sender=SENDER)
    assert not any("110" in reply or CRISIS in reply for reply in replies), replies
    assert not all_cases(bot)[0].needs_human


async def test_danger_told_beside_a_phone_is_still_an_alarm(bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say("他打我 我老婆电话13987654321", sender=SENDER)
    assert "110" in replies[0], replies
    assert all_cases(bot)[0].needs_human


@pytest.mark.parametrize("said", ["那我叫老陈吧", "我叫老陈"])
async def test_the_name_one_goes_by_gives_the_surname(bot: BotHarness, said: str) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say(said, sender=SENDER)
    assert "陈先生/女士" in replies[0] and "全名" in replies[0], replies


MAIL = "mailto:lead19@example.com"
LETTER_BODY = ("尊敬的领导：\n我是幸福里小区3号楼的住户，小区门口的下水道堵了半个月，污水横流，"
               "物业一直推脱，多次反映无果。希望尽快疏通。\n")


@pytest.mark.parametrize("declined", ["我不方便留电话 怕物业知道", "地址是滨江路88号 电话就不留了"])
async def test_a_phone_declined_by_mail_is_not_the_name_declined(
        bot: BotHarness, declined: str) -> None:
    # By mail the reply goes to the letter's address and only the name is asked.
    await bot.say("物业把消防通道堵了，前天晚上楼道里还有人抽烟", sender=MAIL)
    replies = await bot.say(declined, sender=MAIL)
    assert "可以不留联系电话" in replies[0] and "姓名" in replies[0], replies
    assert petitioner(bot, MAIL).declined == "contact"
    replies = await bot.say("那名字可以留 刘强", sender=MAIL)
    assert petitioner(bot, MAIL).name == "刘强", replies


async def test_the_surname_one_goes_by_after_the_word_name(bot: BotHarness) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say("名字叫我老刘就行", sender=SENDER)
    assert "刘先生/女士" in replies[0], replies


@pytest.mark.parametrize(("foot", "name"), [
    ("此致\n敬礼\nwang jian guo\n13812340001", "Wang Jianguo"), ("业主 Zhou Min", "Zhou Min"),
    ("li ming 2026年12月1日", "Li Ming"),
])
async def test_a_letter_signed_in_pinyin_is_not_asked_for_the_name(
        bot: BotHarness, foot: str, name: str) -> None:
    replies = await bot.say(LETTER_BODY + foot, sender=MAIL)
    assert petitioner(bot, MAIL).name == name
    assert "姓名" not in replies[0], replies


@pytest.mark.parametrize("foot", ["Best Regards", "谢谢\nThank You"])
def test_an_english_closing_is_no_signature(foot: str) -> None:
    text = LETTER_BODY + foot
    assert extract_particulars(normalize(text), source=text).name == ""


ACCUSATION = "举报我们村支书贪污扶贫款 好几万"


@pytest.mark.parametrize("reply", ["我叫李四 你们别告诉他是我举报的", "不要跟村里说是我反映的 我叫李四"])
async def test_a_name_given_with_a_request_for_secrecy_gets_both(bot: BotHarness, reply: str) -> None:
    await bot.say(ACCUSATION, sender=SENDER)
    replies = await bot.say(reply, sender=SENDER)
    assert "第三十条" in replies[0] and "联系电话" in replies[0], replies
    assert petitioner(bot, SENDER).name == "李四"


async def test_an_accusation_is_not_asked_to_confirm_a_category(bot: BotHarness) -> None:
    # It goes to 纪检监察 by law; "属于「环境保护」类，对吗？" was asked of corruption.
    replies = await bot.say(ACCUSATION, sender=SENDER)
    assert not any("类，对吗" in reply for reply in replies), replies
    assert any("纪检监察" in reply for reply in replies), replies


@pytest.mark.parametrize("praise", [
    "表扬一下我们社区的王书记 帮我们解决了漏水的问题 非常负责", "我要表扬城管局的张队长，态度特别好",
    "给街道办点个赞 办事效率很高", "想给派出所的李警官送面锦旗，谢谢他帮我找回了电动车",
])
async def test_praise_of_an_official_is_no_accusation(bot: BotHarness, praise: str) -> None:
    replies = await bot.say(praise, sender=SENDER)
    assert not any("纪检监察" in reply for reply in replies), replies
    assert any("表扬转达" in reply for reply in replies), replies
    (case,) = all_cases(bot)
    assert case.statutory_type != "检举控告" and case.legal_route in ("", None)


@pytest.mark.parametrize("accusation", ["表扬个屁 村长贪污了几十万", "我不是来表扬的 我要举报副镇长收红包"])
def test_praise_words_beside_wrongdoing_leave_the_accusation(accusation: str) -> None:
    from nlp.praise import praises

    assert not praises(normalize(accusation))


@pytest.mark.parametrize("asked", ["我想咨询一下 新生儿落户需要什么材料", "开个小超市要办哪些证",
                                   "办居住证需要准备什么材料"])
async def test_the_papers_another_procedure_needs_are_another_offices_question(
        bot: BotHarness, asked: str) -> None:
    replies = await bot.say(asked, sender=SENDER)
    assert "其他部门" in replies[0], replies
    assert not all_cases(bot)


@pytest.mark.parametrize("asked", ["要带什么材料", "反映问题要提供什么", "去信访局要带什么材料"])
async def test_the_papers_a_petition_needs_are_still_this_services(bot: BotHarness, asked: str) -> None:
    replies = await bot.say(asked, sender=SENDER)
    assert "第十九条" in replies[0], replies


FIRST = "小区门口的井盖丢了 很危险 晚上看不见"
SECOND = "另外 我们楼的电梯也坏了三天了 老人上不去"


async def _two_open_cases(bot: BotHarness) -> list[str]:
    await bot.say(FIRST, sender=SENDER)
    await bot.say(SECOND, sender=SENDER)
    (listed,) = await bot.say("我的投诉怎么样了", sender=SENDER)
    return listed.splitlines()


async def test_the_list_of_open_cases_tells_each_by_its_first_words(bot: BotHarness) -> None:
    lines = await _two_open_cases(bot)
    assert "序号" in lines[0], lines
    assert lines[1].startswith("1. XF2026-") and "电梯" in lines[1], lines
    assert lines[2].startswith("2. XF2026-") and "井盖" in lines[2], lines


@pytest.mark.parametrize(("pick", "matter"), [("第一个", "电梯"), ("2", "井盖"), ("第2件", "井盖"),
                                              ("选一", "电梯")])
async def test_a_pick_by_its_place_in_the_list_gets_that_cases_status(
        bot: BotHarness, pick: str, matter: str) -> None:
    lines = await _two_open_cases(bot)
    number = next(line.split()[1] for line in lines[1:] if matter in line)
    replies = await bot.say(pick, sender=SENDER)
    assert replies[0].startswith(number), (replies, lines)
    assert len(all_cases(bot)) == 2


async def test_a_digit_not_after_the_list_is_no_pick(bot: BotHarness) -> None:
    await _two_open_cases(bot)
    await bot.say("电梯是5号楼的", sender=SENDER)
    replies = await bot.say("1", sender=SENDER)
    assert not replies or not replies[0].startswith("XF2026-"), replies


@pytest.mark.parametrize("asked", ["我就想知道你们到底管不管", "是不是我不打电话你们就不办了",
                                   "处理结果出来了没 我等得头都秃了"])
async def test_a_question_about_progress_with_no_word_of_harm_gets_no_crisis_line(
        bot: BotHarness, asked: str) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say(asked, sender=SENDER)
    assert not any(CRISIS in reply or "110" in reply for reply in replies), replies
    assert not all_cases(bot)[0].needs_human


@pytest.mark.parametrize("asked", ["你们到底管不管 我不想活了", "我的事到底什么时候办 再不办我就跳楼"])
async def test_a_question_about_progress_with_despair_in_it_still_alarms(
        bot: BotHarness, asked: str) -> None:
    await bot.say(COMPLAINT, sender=SENDER)
    replies = await bot.say(asked, sender=SENDER)
    assert CRISIS in replies[0], replies
