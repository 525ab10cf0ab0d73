"""Links a citizen follows from a notice to the case's page on the citizen web page.

The page asks for the query code before it shows anything: the code never goes into a URL,
since URLs end up in browser histories, proxy logs and the SMS provider's records.
"""

from __future__ import annotations


def case_link(public_url: str, number: str) -> str:
    """``{public_url}/c/{number}``: the citizen page of case ``number``."""
    return f"{public_url.rstrip('/')}/c/{number}"


def link_line(url: str) -> str:
    """The line under a notice that sends the petitioner to the full 意见书 on the case page."""
    return f"意见书全文请打开：{url} （凭查询码查看）"
