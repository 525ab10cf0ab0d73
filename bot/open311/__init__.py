"""Open311 GeoReport v2 at ``/open311/v2``: other systems file and follow petitions through a
standard interface. A request filed here is a case like any other, on the ``open311`` channel.
"""

from bot.open311.errors import PREFIX, Open311Error, error_response, install
from bot.open311.keys import add_key
from bot.open311.routes import build_router

__all__ = ["PREFIX", "Open311Error", "add_key", "build_router", "error_response", "install"]
