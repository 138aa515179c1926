"""The JSON API under /api/v1/, over the same selectors and services the pages use."""

from ninja import NinjaAPI

from shabaka.api import errors
from shabaka.api.routers import (
    content,
    dialogues,
    directory,
    events,
    networks,
    plans,
    projects,
    search,
    tokens,
)


class ShabakaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # Public reads accept no credentials at all: say so with an empty security requirement.
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.pop("x-public", False):
                    operation.setdefault("security", []).append({})
        return schema


api = ShabakaAPI(
    title="Shabaka API",
    version="1",
    description=(
        "Read public (and, signed in, permitted) records; act on the workflows. Authenticate "
        "with `Authorization: Bearer <token>` (create tokens under /api/v1/tokens or your "
        "account page) or the browser session (with the CSRF token for writes). Errors share "
        "one shape: 400 bad input (with field errors), 401 no credentials, 403 a record you "
        "may see but not act on, 404 a record you may not see, 409 a state change that "
        "conflicts with the record's state, 429 too many invalid tokens from your address. "
        "No endpoint accepts a `status`: life cycles move only through the named steps."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)

api.add_router("", directory.router)
api.add_router("", networks.router)
api.add_router("", projects.router)
api.add_router("", content.router)
api.add_router("", content.news_router)
api.add_router("", events.router)
api.add_router("", dialogues.router)
api.add_router("", plans.router)
api.add_router("", search.router)
api.add_router("", tokens.router)
