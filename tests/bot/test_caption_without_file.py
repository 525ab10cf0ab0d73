"""A caption that only points at its file ("如图", "见附件") is material only with the file: the
converged intent head reads a bare "如图" a supplement, which filed an empty caption."""

from __future__ import annotations

import pytest

from nlp.attached import only_points_at_files


def _points_at_files(text: str) -> bool:
    # (The follow-up row's grammar became nlp.attached's, shared with the missing-file row:
    # session 27, newmatter32.)
    return only_points_at_files(text)


@pytest.mark.parametrize("caption", ["如图", "如图所示", "见附件", "详见附件。", "请看下图", "照片如下",
                                     "截图见附件", "见图片"])
def test_a_caption_alone_points_at_its_file(caption: str) -> None:
    assert _points_at_files(caption)


@pytest.mark.parametrize("text", ["如图所示的井盖又坏了", "照片我明天补发", "附件里的合同是假的",
                                  "看图说话一样敷衍", "我拍了几张照片，怎么发给你们"])
def test_words_about_a_picture_that_tell_more_are_not_a_caption(text: str) -> None:
    assert not _points_at_files(text)
