"""The citizen page over HTTP: filing through the intake (stored before the confirmation,
idempotent, CSRF, rate limit), lookup with the channels' own code checks, the signed-in case
page with every notice and the 意见书, and the actions (rate, 复查 / 复核, material, booking)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from sqlmodel import col, func, select

from bot.citizen.guard import CASE_COOKIE
from bot.codecheck import GUESS_LIMIT
from channels.base import InboundMessage, IntakeUnavailable, Receipt
from storage import (
    Appointment,
    Attachment,
    Case,
    CaseEvent,
    Message,
    Outbox,
    Petitioner,
    StatusAttempt,
)
from tests import canaries
from tests.citizen.conftest import CODE, NUMBER, PDF, PETITION, PNG, Site, filed

# -- the pages a first visitor sees ------------------------------------------------------


async def test_the_root_url_is_the_citizen_page_in_chinese(site: Site) -> None:
    browser = site.browser()
    home = await browser.get("/")
    assert home.status_code == 200
    assert home.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in home.text
    for text in ("我要信访", "查询办理进度", "领导接访日", 'action="/lookup"'):
        assert text in home.text
    upcoming = site.core.reception.next_reception(site.core.clock.today())
    assert f"{upcoming.date.year}年{upcoming.date.month}月{upcoming.date.day}日" in home.text
    assert "default-src 'none'" in home.headers["content-security-policy"]
    css = await browser.get("/static/citizen.css")
    assert css.status_code == 200 and "@media print" in css.text


async def test_the_filing_form_explains_each_statutory_type_and_asks_consent(site: Site) -> None:
    page = await site.browser().get("/file")
    for kind, line in (("申诉求决", "第三十一条"), ("建议意见", "第二十九条"),
                       ("检举控告", "第三十条")):
        assert f'value="{kind}"' in page.text and line in page.text
    assert 'name="consent"' in page.text and "个人信息" in page.text
    assert 'enctype="multipart/form-data"' in page.text


async def test_the_api_is_described_where_people_look(site: Site) -> None:
    browser = site.browser()
    document = (await browser.get("/openapi.json")).json()
    assert (await browser.get("/api/openapi.json")).json() == document
    assert "/api/cases" in document["paths"]
    assert not any(path in document["paths"] for path in ("/", "/file", "/lookup"))
    docs = await browser.get("/docs")
    assert docs.status_code == 200 and "<script" not in docs.text
    assert "<code>/api/cases</code>" in docs.text and "search cases, newest first" in docs.text
    assert 'href="/api/openapi.json"' in docs.text


# -- filing ---------------------------------------------------------------------------------


async def test_a_petition_is_stored_registered_and_answered_with_number_and_code(
        site: Site) -> None:
    browser = site.browser()
    response = await browser.file(files=[("files", ("路灯.png", PNG, "image/png")),
                                         ("files", ("证明.pdf", PDF, "application/pdf"))])
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    number, code = NUMBER.search(response.text), CODE.search(response.text)
    assert number and code
    case = site.case(number.group())
    assert site.core.hasher.verify(case.number, code.group(1), case.code_hash)
    assert case.channel == "web" and case.statutory_type

    def stored(session: object) -> tuple[Message, list[Attachment], Petitioner]:
        message = session.exec(select(Message).where(Message.case_id == case.id)).one()  # type: ignore[attr-defined]
        files = list(session.exec(select(Attachment).where(  # type: ignore[attr-defined]
            Attachment.message_id == message.id).order_by(col(Attachment.id))))
        return message, files, session.get(Petitioner, case.petitioner_id)  # type: ignore[attr-defined]

    message, files, petitioner = site.core.store.read_sync(stored)
    assert message.channel == "web" and message.processed_at is not None
    assert message.sender.startswith("web:") and canaries.ID_NUMBER not in message.sender
    assert "信访请求：请尽快修复幸福路的路灯。" in message.text
    assert "信访类型（信访人选择）：申诉求决" in message.text
    raw = parse_qs(message.raw.decode())
    assert raw["id_number"] == [canaries.ID_NUMBER] and raw["consent"] == ["yes"]
    assert [(f.original_name, f.content_type) for f in files] == [
        ("路灯.png", "image/png"), ("证明.pdf", "application/pdf")]
    assert site.core.store.files.get(files[0].sha256) == PNG
    assert (petitioner.name, petitioner.contact) == (canaries.NAME, canaries.PHONE)


async def test_an_emergency_gets_the_110_advice_on_the_confirmation(site: Site) -> None:
    response = await site.browser().file({
        "request": "请马上派人制止。", "facts": "邻居拿着刀在楼道里威胁要杀人，现在还在门外。"})
    assert response.status_code == 200
    assert "请注意" in response.text and "110" in response.text
    number = NUMBER.search(response.text).group()  # type: ignore[union-attr]
    assert site.case(number).emergency and site.case(number).needs_human
    code = CODE.search(response.text).group(1)  # type: ignore[union-attr]
    assert response.text.count(code) == 1  # the receipt, not the chat wording again


async def test_a_double_submit_is_one_message_and_one_case(site: Site) -> None:
    browser = site.browser()
    first = await browser.file(token="double-submit-token-0001")
    again = await browser.file(token="double-submit-token-0001")
    assert first.status_code == again.status_code == 200
    numbers = {NUMBER.search(r.text).group() for r in (first, again)}  # type: ignore[union-attr]
    assert len(numbers) == 1
    counts = site.core.store.read_sync(lambda s: (
        s.exec(select(func.count()).select_from(Message).where(Message.channel == "web")).one(),
        s.exec(select(func.count()).select_from(Case)).one()))
    assert counts == (1, 1)


async def test_the_same_person_filing_again_is_the_same_petitioner(site: Site) -> None:
    browser = site.browser()
    first, _ = await filed(browser)
    second, _ = await filed(browser, {"request": "请处理小区噪音扰民。",
                                      "facts": "楼下饭店每晚营业到凌晨两点，噪音很大，影响休息。"})
    assert first != second
    assert site.case(first).petitioner_id == site.case(second).petitioner_id


@pytest.mark.parametrize(("fields", "field", "says"), [
    ({"name": ""}, "name", "请填写姓名"),
    ({"id_number": ""}, "id_number", "请填写身份证号码"),
    ({"id_number": "110105198807214019"}, "id_number", "最后一位是校验码"),
    ({"id_number": "11010519880721"}, "id_number", "应为 18 位"),
    ({"phone": "12345"}, "phone", "联系电话有误"),
    ({"address": "  "}, "address", "请填写住址"),
    ({"request": ""}, "request", "请填写信访请求"),
    ({"facts": ""}, "facts", "请填写事实和理由"),
    ({"facts": "长" * 4001}, "facts", "不超过 4000 字"),
    ({"kind": "随便"}, "kind", "请选择信访类型"),
    ({"consent": ""}, "consent", "请阅读并勾选个人信息使用说明"),
])
async def test_a_bad_form_says_what_to_fix_keeps_the_input_and_stores_nothing(
        site: Site, fields: dict[str, str], field: str, says: str) -> None:
    response = await site.browser().file(fields)
    assert response.status_code == 400
    assert says in response.text
    assert f'href="#{field}"' in response.text  # the error links to the field
    if field != "name":
        assert f'value="{canaries.NAME}"' in response.text  # what was typed is still there
    assert _messages(site) == 0


@pytest.mark.parametrize(("upload", "says"), [
    (("说明.docx", b"PK\x03\x04" + bytes(64), "application/pdf"), "格式不支持"),
    (("page.html", b"<script>alert(1)</script>", "image/png"), "格式不支持"),
    (("空.png", b"", "image/png"), "空文件"),
    (("大.png", PNG + bytes(10 * 1024 * 1024), "image/png"), "超过每个文件 10.0 MB 的上限"),
])
async def test_attachments_are_judged_by_their_bytes_and_size(
        site: Site, upload: tuple[str, bytes, str], says: str) -> None:
    response = await site.browser().file(files=[("files", upload)])
    assert response.status_code == 400
    assert says in response.text and upload[0] in response.text
    assert _messages(site) == 0


async def test_the_bureau_setting_caps_each_upload(site: Site) -> None:
    from bot.web import build_app

    site.app = build_app(site.core.store, [], [], core=site.core, attachment_max_bytes=64 * 1024)
    big = ("scan.pdf", PDF + bytes(65 * 1024), "application/pdf")
    refused = await site.browser().file(files=[("files", big)])
    assert refused.status_code == 400 and "超过每个文件 64 KB 的上限" in refused.text
    small = await site.browser().file(files=[("files", ("scan.pdf", PDF, "application/pdf"))])
    assert small.status_code == 200


async def test_more_than_five_attachments_are_refused(site: Site) -> None:
    six = [("files", (f"p{i}.png", PNG, "image/png")) for i in range(6)]
    response = await site.browser().file(files=six)
    assert response.status_code in (400, 413)
    assert "最多上传 5 个附件" in response.text
    assert _messages(site) == 0


async def test_a_post_without_the_csrf_token_is_refused_and_stores_nothing(site: Site) -> None:
    browser = site.browser()
    await browser.get("/file")
    for csrf in ("", "forged-token-value-0000000"):
        response = await browser.post("/file", {**PETITION, "form_token": "a" * 32}, csrf=csrf)
        assert response.status_code == 403
        assert "安全校验失败" in response.text
    assert _messages(site) == 0


async def test_filing_is_rate_limited_per_client_address(site: Site) -> None:
    from bot.citizen import build_router
    from bot.citizen.guard import RateLimit
    from bot.web import build_app

    site.app = build_app(site.core.store, [], [], core=None)
    site.app.include_router(build_router(site.core, filing_limit=RateLimit(2, 3600)))
    first, other = site.browser("198.51.100.1"), site.browser("198.51.100.2")
    for _ in range(2):
        assert (await first.file()).status_code == 200
    refused = await first.file()
    assert refused.status_code == 429 and "提交过于频繁" in refused.text
    assert f'value="{canaries.NAME}"' in refused.text
    assert (await other.file()).status_code == 200
    assert _messages(site) == 3


async def test_a_store_failure_answers_try_again_and_keeps_the_form(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[InboundMessage] = []

    async def unavailable(message: InboundMessage) -> Receipt:
        seen.append(message)
        raise IntakeUnavailable("the store is unavailable, try again later")

    monkeypatch.setattr(site.core.intake, "store", unavailable)
    response = await site.browser().file()
    assert response.status_code == 503
    assert "暂时无法保存" in response.text and f'value="{canaries.NAME}"' in response.text
    assert len(seen) == 1 and seen[0].channel == "web"


# -- looking a case up ----------------------------------------------------------------------


async def test_a_wrong_code_and_a_missing_case_get_the_same_answer(site: Site) -> None:
    number, _code = await filed(site.browser())
    guesser = site.browser("192.0.2.9")
    await guesser.get("/lookup")
    wrong = await guesser.post("/lookup", {"number": number, "code": "ABCDEFGH"})
    missing_number = number[:-6] + "999999"
    missing = await guesser.post("/lookup", {"number": missing_number, "code": "ABCDEFGH"})
    assert wrong.status_code == missing.status_code == 200
    assert wrong.text.replace(number, "N") == missing.text.replace(missing_number, "N")
    assert CASE_COOKIE not in wrong.headers.get("set-cookie", "")
    attempts = site.core.store.read_sync(lambda s: [
        (a.sender, a.case_number, a.succeeded) for a in s.exec(select(StatusAttempt))])
    assert [(n, ok) for _, n, ok in attempts] == [(number, False), (missing_number, False)]
    assert all(sender.startswith("web:") and "192.0.2.9" not in sender
               for sender, _, _ in attempts)


async def test_guesses_are_throttled_per_address_as_on_every_channel(site: Site) -> None:
    number, code = await filed(site.browser())
    guesser = site.browser("192.0.2.10")
    await guesser.get("/lookup")
    for _ in range(GUESS_LIMIT):
        await guesser.post("/lookup", {"number": number, "code": "WRONGCOD"})
    for asked in (number, number[:-6] + "999999"):
        throttled = await guesser.post("/lookup", {"number": asked, "code": code})
        assert throttled.status_code == 429 and "查询过于频繁" in throttled.text
    owner = site.browser("192.0.2.11")  # another address is not held back by the guesser
    assert (await owner.sign_in(number, code)).status_code == 303


async def test_a_lookup_signs_in_to_that_one_case_only(site: Site) -> None:
    browser = site.browser()
    number, code = await filed(browser)
    other, _ = await filed(browser, {"request": "请处理小区噪音扰民。",
                                     "facts": "楼下饭店每晚营业到凌晨两点，噪音很大，影响休息。"})
    before = await browser.get(f"/c/{number}")
    assert before.status_code == 200 and "查看事项前需要输入查询码" in before.text
    assert "办理状态" not in before.text
    signed = await browser.sign_in(number.lower(), f" {code.lower()} ")  # as people type it
    assert signed.status_code == 303 and signed.headers["location"] == f"/c/{number}"
    assert f"Path=/c/{number}" in signed.headers["set-cookie"]
    assert "HttpOnly" in signed.headers["set-cookie"]
    page = await browser.get(f"/c/{number}")
    assert "办理状态" in page.text and "已登记，待审查受理" in page.text
    assert "查看事项前需要输入查询码" in (await browser.get(f"/c/{other}")).text
    # A cookie carried over to another case, or altered, signs in to nothing.
    cookie = signed.cookies[CASE_COOKIE]
    stranger = site.browser("192.0.2.12")
    stranger.client.cookies.set(CASE_COOKIE, cookie, path=f"/c/{other}")
    assert "办理状态" not in (await stranger.get(f"/c/{other}")).text
    stranger.client.cookies.set(CASE_COOKIE, cookie[:-2] + "xx", path=f"/c/{number}")
    assert "办理状态" not in (await stranger.get(f"/c/{number}")).text


async def test_signing_out_ends_the_case_session(site: Site) -> None:
    browser = site.browser()
    number, code = await filed(browser)
    await browser.sign_in(number, code)
    await browser.get(f"/c/{number}")
    out = await browser.post(f"/c/{number}/signout", {})
    assert out.status_code == 303
    assert "查看事项前需要输入查询码" in (await browser.get(f"/c/{number}")).text


# -- the case page and what a citizen does there ---------------------------------------------


async def test_notices_and_the_opinion_in_full_then_rating_and_review(site: Site) -> None:
    browser = site.browser()
    number, code = await filed(browser)
    site.answer(number)
    await browser.sign_in(number, code)
    page = await browser.get(f"/c/{number}")
    assert page.status_code == 200
    for text in ("受理告知书", "转送/交办告知", "信访处理意见书", "三、处理意见：支持。已更换线路，路灯恢复照明。",
                 "《城市照明管理规定》第二十条", "评价办理结果", "申请复查"):
        assert text in page.text, text
    assert "市城市管理委员会" in page.text
    # Shown to the signed-in petitioner: the web notices are delivered, read today.
    rows = site.core.store.read_sync(lambda s: list(s.exec(
        select(Outbox).where(Outbox.channel == "web", col(Outbox.payload).is_not(None)))))
    notices = [r for r in rows if r.payload.get("notice")]
    assert notices and all(r.status == "sent" and r.delivery_status == "read"
                           and r.delivered_at is not None for r in notices)
    printable = await browser.get(f"/c/{number}/opinion")
    assert printable.status_code == 200 and 'class="document"' in printable.text
    assert "信访人：" + canaries.NAME in printable.text

    rated = await browser.post(f"/c/{number}/rate", {"score": "2"})
    assert rated.status_code == 200
    assert "感谢您的评价" in rated.text and "前请求复查" in rated.text
    assert site.case(number).rating == 2 and site.case(number).status == "rated"

    review = await browser.post(f"/c/{number}/appeal", {"action": "review"})
    assert review.status_code == 200, review.text
    assert "复查请求已收到" in review.text
    case = site.case(number)
    assert case.status == "review_requested" and case.review_due is not None
    trail = _events(site, number)
    assert trail[-2:] == [("rate", trail[-2][1]), ("review", trail[-1][1])]
    assert trail[-1][1].startswith("web:")
    again = await browser.post(f"/c/{number}/appeal", {"action": "review"})
    assert again.status_code == 409 and "复查中" in again.text


async def test_review_after_its_window_is_refused_with_the_reason(site: Site) -> None:
    browser = site.browser()
    number, code = await filed(browser)
    site.answer(number)
    await browser.sign_in(number, code)
    await browser.get(f"/c/{number}")  # read today: the 30 days start tomorrow
    site.core.clock.advance(timedelta(days=40))
    await browser.sign_in(number, code)  # the sign-in cookie outlived the clock
    page = await browser.get(f"/c/{number}")
    assert "申请复查" not in page.text  # the window is shut: no button
    refused = await browser.post(f"/c/{number}/appeal", {"action": "review"})
    assert refused.status_code == 409 and "已超过申请期限" in refused.text
    assert site.case(number).status == "answered"


async def test_an_sms_petitioner_reads_the_full_opinion_on_the_web(site: Site) -> None:
    replies = await site.bot.say("幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全，请尽快修理。",
                                 sender=canaries.PHONE.replace("+", "tel:+"))
    ack = " ".join(replies)
    number = NUMBER.search(ack).group()  # type: ignore[union-attr]
    code = ack.split("查询码 ")[1][:8]
    site.answer(number)
    await site.bot.worker.send_due()
    sent = [m.text for m in site.bot.channels["sms"].sent if "答复" in m.text]
    assert sent and "三、处理意见" not in sent[-1]  # the SMS carried the summary only
    browser = site.browser()
    await browser.sign_in(number, code)
    page = await browser.get(f"/c/{number}")
    assert "三、处理意见：支持。已更换线路，路灯恢复照明。" in page.text
    assert "四、依据：《城市照明管理规定》第二十条" in page.text


async def test_material_is_attached_to_the_case_once(site: Site) -> None:
    browser = site.browser()
    number, code = await filed(browser)
    await browser.sign_in(number, code)
    page = await browser.get(f"/c/{number}")
    token = page.text.split('name="form_token" value="')[1].split('"')[0]
    for _ in range(2):
        added = await browser.post(f"/c/{number}/material",
                                   {"text": "补充：路灯杆也有倾斜。", "form_token": token},
                                   files=[("files", ("杆.jpg", b"\xff\xd8\xff\xe0" + bytes(50),
                                                     "image/jpeg"))])
        assert added.status_code == 200 and "补充材料已加入事项" in added.text
    case = site.case(number)

    def stored(session: object) -> tuple[list[Message], list[Attachment]]:
        messages = list(session.exec(select(Message).where(  # type: ignore[attr-defined]
            Message.case_id == case.id, Message.text == "补充：路灯杆也有倾斜。")))
        files = list(session.exec(select(Attachment).where(  # type: ignore[attr-defined]
            Attachment.case_id == case.id)))
        return messages, files

    messages, files = site.core.store.read_sync(stored)
    assert len(messages) == 1 and messages[0].processed_at is not None
    assert [(f.original_name, f.content_type) for f in files] == [("杆.jpg", "image/jpeg")]
    assert [a for a, _ in _events(site, number)].count("supplement") == 1
    assert site.core.processor is not None and await site.core.processor.drain() == 0
    empty = await browser.post(f"/c/{number}/material", {"text": "", "form_token": "b" * 32})
    assert empty.status_code == 409 and "请填写补充内容" in empty.text


async def test_booking_a_reception_day(site: Site) -> None:
    browser = site.browser()
    number, code = await filed(browser)
    await browser.sign_in(number, code)
    page = await browser.get(f"/c/{number}")
    day = page.text.split('name="day" value="')[1].split('"')[0]
    booked = await browser.post(f"/c/{number}/book", {"day": day})
    assert booked.status_code == 200 and "已预约" in booked.text
    rows = site.core.store.read_sync(lambda s: [(a.day.isoformat(), a.status) for a in s.exec(
        select(Appointment))])
    assert rows == [(day, "booked")]
    twice = await browser.post(f"/c/{number}/book", {"day": day})
    assert twice.status_code == 409 and "已有预约" in twice.text
    wrong = await browser.post(f"/c/{number}/book", {"day": "2026-12-02"})
    assert wrong.status_code == 409


async def test_actions_need_the_case_session_and_the_csrf_token(site: Site) -> None:
    browser = site.browser()
    number, code = await filed(browser)
    site.answer(number)
    anonymous = site.browser("192.0.2.20")
    await anonymous.get("/")
    refused = await anonymous.post(f"/c/{number}/rate", {"score": "5"})
    assert refused.status_code == 303 and refused.headers["location"] == f"/c/{number}"
    await browser.sign_in(number, code)
    forged = await browser.post(f"/c/{number}/rate", {"score": "5"}, csrf="forged-token-000000")
    assert forged.status_code == 403
    assert site.case(number).rating is None


# -- helpers ----------------------------------------------------------------------------------


def _messages(site: Site) -> int:
    return site.core.store.read_sync(lambda s: s.exec(
        select(func.count()).select_from(Message).where(Message.channel == "web")).one())


def _events(site: Site, number: str) -> list[tuple[str, str]]:
    case = site.case(number)
    return site.core.store.read_sync(lambda s: [(e.action, e.actor) for e in s.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id)))])
