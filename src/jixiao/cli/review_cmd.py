"""``jixiao review``: the reviewer web app over an output folder, and the export of reviewed values."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated
from typing import Any

import typer
from typer.core import TyperGroup

from jixiao.errors import JixiaoError


class _ServeByDefault(TyperGroup):
    """``jixiao review OUT`` means ``jixiao review serve OUT``; ``jixiao review export OUT`` exports."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: typer's vendored click Context
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


review_app = typer.Typer(
    cls=_ServeByDefault,
    help="Review suggested values against their source: `jixiao review OUT` serves the app, "
    "`jixiao review export OUT --to golden/expected/` writes reviewed values as golden answers.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@review_app.command("serve")
def serve(
    out: Annotated[Path, typer.Argument(help="Output folder of `jixiao extract`.")],
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    reviewer: Annotated[
        str | None,
        typer.Option("--reviewer", help="Name recorded with decisions (a browser may set its own)."),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="JIXIAO_REVIEW_TOKEN",
            help="Require this token on every request (for a server shared with a team); "
            "'auto' makes a random one. Needed on any address that is not loopback.",
        ),
    ] = None,
    insecure_no_token: Annotated[
        bool,
        typer.Option(
            "--insecure-no-token",
            help="Serve a non-loopback address without a token: anyone who can reach it can read the "
            "documents and record decisions.",
        ),
    ] = False,
    sources: Annotated[
        list[Path] | None,
        typer.Option(
            "--sources",
            help="Folder holding the published files (PDF, scans, workbooks) when they are no longer "
            "where `jixiao extract` read them; repeatable. They are shown beside the values.",
        ),
    ] = None,
) -> None:
    """Serve the review app for OUT; decisions are stored in OUT/review.sqlite.

    On a loopback address (127.0.0.1, 127.x, ::1, localhost) the app answers only requests whose Host
    names that address. Any other address (0.0.0.0, a LAN address, '' for all) needs --token, or
    --insecure-no-token to serve it open anyway.
    """
    import uvicorn

    from jixiao.review import create_app
    from jixiao.review.app import served_hosts

    if token == "auto":
        token = secrets.token_urlsafe(24)
    allowed = served_hosts(host)
    if allowed is None and token is None and not insecure_no_token:
        typer.echo(
            f"error: refusing to serve on {host or 'every interface'!r} without a token: anyone who can reach "
            "it could read the documents and decide. Add --token auto (or --token SECRET), or "
            "--insecure-no-token to serve it open anyway.",
            err=True,
        )
        raise typer.Exit(code=1)
    try:
        app = create_app(out, reviewer=reviewer, token=token, allowed_hosts=allowed, sources=sources)
    except JixiaoError as exc:
        typer.echo(f"error: {exc.one_line()}", err=True)
        raise typer.Exit(code=1) from exc
    if allowed is None and token is None:
        typer.echo(
            f"WARNING: serving on {host or 'every interface'} WITHOUT A TOKEN (--insecure-no-token): anyone who "
            "can reach this address can read every document in it and record decisions in your name.",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"jixiao review: http://{shown}:{port}/{f'?token={token}' if token else ''}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@review_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="Output folder holding review.sqlite.")],
    to: Annotated[Path, typer.Option("--to", help="Folder of golden answers, e.g. golden/expected/.")],
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Replace answer files not written by an earlier review export."),
    ] = False,
) -> None:
    """Write the reviewed values of OUT as golden answer files (<doc>.json): accepted as suggested, edited as
    edited, rejected left out; `jixiao eval` scores against them."""
    from jixiao.review import export_golden

    try:
        result = export_golden(out, to, overwrite=overwrite)
    except JixiaoError as exc:
        typer.echo(f"error: {exc.one_line()}", err=True)
        raise typer.Exit(code=1) from exc
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path in result.written:
        typer.echo(str(path))
    if not result.written:
        typer.echo("nothing accepted or edited yet: no answer file written", err=True)
