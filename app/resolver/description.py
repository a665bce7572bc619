"""The resolver description file at ``/.well-known/gs1resolver``: what the GS1-Conformant
resolver standard asks a resolver to say about itself (schema:
https://ref.gs1.org/standards/resolver/description-file-schema), so that GS1's tools and
other resolvers find it: its name, its root (``PUBLIC_BASE_URL``), the one primary key it
answers (01, GTIN, with every qualifier: 22, 10, 21 and 235), the link type namespace it reads,
that the linkset is never the default link type, and who answers for it.
"""

import json

from flask import Response, current_app

from ..access import public
from . import bp
from .vocabulary import GS1_VOC, LINKSET_CONTEXT

MAX_AGE = 86400  # it changes with a deployment's configuration, not with data


def description() -> dict:
    """The description file's content, from the configuration."""
    config = current_app.config
    contact: dict = {"fn": config["GS1_RESOLVER_CONTACT"]}
    if config.get("GS1_RESOLVER_CONTACT_EMAIL"):
        contact["hasEmail"] = "mailto:" + config["GS1_RESOLVER_CONTACT_EMAIL"]
    return {
        "name": config["GS1_RESOLVER_NAME"],
        "resolverRoot": config["PUBLIC_BASE_URL"],
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [{"namespace": GS1_VOC, "prefix": "gs1:"}],
        "linkTypeDefaultCanBeLinkset": False,
        "supportedContextValuesEnumerated": [],
        "jsonLdContextLocation": LINKSET_CONTEXT,
        "contact": contact,
    }


@bp.route("/.well-known/gs1resolver")
@public
def gs1resolver():
    response = Response(json.dumps(description(), ensure_ascii=False), mimetype="application/json")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response
