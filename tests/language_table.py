"""Messages in Latin letters that say no language, and English prose, for the reply language.

Written for ``nlp.language`` and the dialogue (probe 12: pinyin and "ok" were answered in
English); none is a probe's sentence.
"""

from __future__ import annotations

#: Pinyin, pinyin initials, courtesy, numbers and codes: the reply keeps the petitioner's language.
NO_LANGUAGE: tuple[str, ...] = (
    "wo yao tousu", "lu deng huai le", "xiaoqu menkou laji mei ren qing", "zaoyin tai da le",
    "wo de anjian jindu zenmeyang le", "jindu", "fucha", "wo bu manyi", "xiexie", "hao de",
    "qing bang wo cha yi xia", "ni hao", "shoudao", "shi de", "bu shi", "dui", "zhe ge wenti shenme shihou jiejue",
    "louxia shaokao yanwei tai da, xunchang le", "shui guan po le, jiali dou yan le",
    "wo yao shenqing fuhe", "tingche fei luan shou", "Xi'an lu", "nv er shang xue de wenti",
    "lv deng bu liang", "ok", "OK!", "okay", "ok thanks", "ok ok", "thx", "3q", "666", "5", "4分",
    "XF2026-000001", "XF2026-000001 K7P2QX9M", "13800001111", "hi", "hello", "thank you",
    "yes", "no", "hmm", "en en", "kk", "xq mk ld bl", "ld hl 3 tian le", "dt huai le mei ren guan",
    "wifi bu hao yong", "app dakai bu le", "pls", "sos", "wx", "zfb zhifu bu liao",
)

#: English prose: the reply is in English.
ENGLISH: tuple[str, ...] = (
    "my street light is broken", "where is my case", "the bar next door is too loud at night",
    "can you check the status of my complaint", "I want to file a complaint about my landlord",
    "nobody fixed the water pipe", "please tell me what happens next",
    "hello, I need help with a problem", "The road outside Jiefang school is full of holes",
    "my neighbour's dog barks all night", "how long does it take", "what is the status",
)
