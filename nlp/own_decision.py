"""A decision about the writer's own matter, objected to, with a legal route asked about.

"对区政府的拆迁决定不服 可以申请行政复议吗", "城管罚了我五千 我不服 能复议不": the writer tells of a
decision a body made in their matter and that they object to it, then asks about a route. By the
label guide (``nlp/corpus/LABEL_GUIDE.md``, rule 12: a grievance told as a question is a matter,
and a legal-route matter is a new petition unless it is purely a question of procedure) that is a
matter to register, with the route's notice. The model sees the route question and reads it as a
question; the sharper a fit's probabilities, the less of a new petition is left beside it
(C = 300: 0.037, docs/NLP.md session 24, converge29), so no floor on the runner-up can hold the
class: the grammar below does. "不服处罚决定怎么申请复议" (no body, no writer, a procedure asked)
stays a question, as does anything hypothetical or general.
"""

from __future__ import annotations

import re

#: What a body decides in someone's matter (a penalty, a finding, a ruling, a reply).
#: (A petition's 处理意见 or 答复 objected to is an appeal for 复查, rule 4: not read here.)
_DECISION = (r"决定|处罚|罚款|罚单|罚了|认定|裁决|判决|判了|批复|结论|通知书|吊销|没收|拘留|"
             r"扣分|扣车|收走")
#: Who made it: a body of the state, named by its kind or its level.
_BODY = (r"政府|局|委|办|城管|交警|派出所|公安|警察|街道|镇里|乡里|镇上|乡上|区里|县里|市里|"
         r"区政府|县政府|市政府|镇政府|乡政府|所里|法院|仲裁委|村委")
#: The writer's own side: it was done to me, my home, my shop.
_OWN = r"我|俺|我们|我家|俺家|我们家|我的|我店|店里|铺头|我们公司|我们厂|对我|给我"
#: The objection.
_OBJECT = r"不服|不认可|不认同|不同意|不接受|有异议|唔服|不认"
#: A legal route asked about.
_ROUTE = (r"复议|覆议|覆議|起诉|上诉|诉讼|打官司|(?<![公报广通预])告(?![诉知])|仲裁|再审|"
          r"fuyi|qisu|zhongcai|shangsu")
#: A hypothetical or general ask, an interest only, or someone else's matter: a question of
#: rule. (A procedure asked beside one's own decision stays a matter: "…不服 怎么提起行政复议".)
_GENERAL = re.compile(
    r"如果|假如|假设|要是|万一|的话|一旦|倘若|若是|一般|通常|想了解|了解一下|打听|不是我|"
    r"帮.{0,3}问")

#: The procedure of a route asked about: where, how, how long, which of two.
_PROCEDURE = re.compile(r"多少天|期限|多久|流程|找谁|去哪|哪里|还是|怎么|如何|要带|材料|时效|几天")

_DECIDED = re.compile(f"(?:{_DECISION})")
_BY_A_BODY = re.compile(f"(?:{_BODY})")
_OWN_SIDE = re.compile(f"(?:{_OWN})")
_OBJECTED = re.compile(f"(?:{_OBJECT})")
_ROUTE_ASKED = re.compile(f"(?:{_ROUTE})")


def objects_to_own_decision(text: str) -> bool:
    """Whether normalized ``text`` objects to a decision a body made in the writer's own matter
    and names a route (the probe18e class): a decision word, a body or the writer's own side,
    an objection and a route, and no general, hypothetical or procedural ask beside them."""
    text = text.lower()
    if _GENERAL.search(text):
        return False
    if not (_DECIDED.search(text) and _OBJECTED.search(text) and _ROUTE_ASKED.search(text)):
        return False
    if _OWN_SIDE.search(text):
        return True
    # A body's decision objected to in general words, with the procedure asked ("对民政局的决定
    # 不服 去哪里申请复议"), is most often the corpus's question of rule (8 of 10 labelled rows);
    # with the writer in them, all 11 are matters (docs/NLP.md, session 25, model30).
    return bool(_BY_A_BODY.search(text)) and not _PROCEDURE.search(text)
