from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from shabaka.accounts import tokens
from shabaka.api.auth import signed_in
from shabaka.api.schemas import ERRORS, StrictIn

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    token: str


class TokenIn(StrictIn):
    name: str


def _token(t) -> dict:
    return {
        "id": t.pk,
        "name": t.name,
        "prefix": t.prefix,
        "created_at": t.created_at,
        "last_used_at": t.last_used_at,
        "revoked_at": t.revoked_at,
    }


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, auth=signed_in)
def token_list(request):
    return [_token(t) for t in request.user.api_tokens.all()]


@router.post("/tokens", response={201: TokenCreated, **ERRORS}, auth=signed_in)
def token_create(request, payload: TokenIn):
    token, secret = tokens.token_create(user=request.user, name=payload.name)
    return Status(201, {**_token(token), "token": secret})


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS}, auth=signed_in)
def token_revoke(request, token_id: int):
    token = get_object_or_404(request.user.api_tokens, pk=token_id)
    return _token(tokens.token_revoke(token=token, revoked_by=request.user))
