"""The JSON API under /api/v1/, over the same selectors and services the pages use."""

from ninja import NinjaAPI

from shabaka.api import errors
from shabaka.api.routers import content, directory, networks, projects, search, tokens


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
        "account page) or the browser session (with the CSRF token for writes)."
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
api.add_router("", search.router)
api.add_router("", tokens.router)
