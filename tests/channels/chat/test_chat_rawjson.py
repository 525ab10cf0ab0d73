from __future__ import annotations

import json

import pytest

from channels.chat.rawjson import result_elements


def test_elements_are_the_exact_bytes() -> None:
    first = '{"update_id": 1, "message": {"text": "\\u4f60\\u597d"}}'
    second = '{"update_id":2,"message":{"text":"楼下 烧烤 [扰民], \\"油烟\\""}}'
    payload = f'{{ "ok" : true ,\n "result" : [ {first} ,\n{second} ] }}'.encode()
    elements = result_elements(payload)
    assert elements == [first.encode(), second.encode()]
    assert [json.loads(element)["update_id"] for element in elements] == [1, 2]


def test_result_after_other_keys_and_empty() -> None:
    assert result_elements(b'{"description":"x","ok":true,"result":[]}') == []


@pytest.mark.parametrize(
    "payload", [b"[]", b"{}", b'{"ok":true}', b'{"ok":true,"result":{}}', b'{"result":[1,', b"nope"]
)
def test_odd_answers_raise(payload: bytes) -> None:
    with pytest.raises(ValueError):
        result_elements(payload)
