"""``/docs``: the API described for people, drawn on the server from the OpenAPI document.

No JavaScript and nothing fetched from elsewhere (Swagger UI would load its scripts from a
CDN, which a bureau's intranet often cannot reach); the document itself is at
``/openapi.json`` and ``/api/openapi.json`` for tools.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, select_autoescape

_METHODS = ("get", "post", "put", "patch", "delete")
_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · API</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;max-width:60rem;
margin:0 auto;padding:1rem;line-height:1.6;color:#1b1b1b}
code{background:#f3f5f8;padding:0 .25rem}section{border-top:1px solid #ccc;padding:.25rem 0}
.method{font-weight:700;text-transform:uppercase;display:inline-block;min-width:4rem}
</style></head><body>
<h1>{{ title }} {{ version }}</h1>
<p>机器可读的 OpenAPI 文档：<a href="/api/openapi.json">/api/openapi.json</a>（亦在
<a href="/openapi.json">/openapi.json</a>）。调用需 <code>Authorization: Bearer &lt;token&gt;</code>，
令牌用 <code>python run.py users add</code> 创建；说明见 docs/API.md。</p>
{% for op in operations %}
<section><h2><span class="method">{{ op.method }}</span> <code>{{ op.path }}</code></h2>
{% if op.summary %}<p>{{ op.summary }}</p>{% endif %}
{% if op.description %}<p>{{ op.description }}</p>{% endif %}
{% if op.parameters %}<p>参数：{% for p in op.parameters %}<code>{{ p.name }}</code>（{{ p.get("in", "") }}{% if p.get("required") %}，必填{% endif %}）{% if not loop.last %}、{% endif %}{% endfor %}</p>{% endif %}
</section>
{% endfor %}
</body></html>
"""
_TEMPLATE = Environment(autoescape=select_autoescape(default=True)).from_string(_PAGE)


def render(document: dict[str, Any]) -> str:
    """The HTML page of an OpenAPI ``document``: each operation with its summary."""
    operations = []
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operations.append({"method": method, "path": path,
                               "summary": operation.get("summary", ""),
                               "description": operation.get("description", ""),
                               "parameters": operation.get("parameters", [])})
    info = document.get("info", {})
    return _TEMPLATE.render(title=info.get("title", "API"), version=info.get("version", ""),
                            operations=operations)
