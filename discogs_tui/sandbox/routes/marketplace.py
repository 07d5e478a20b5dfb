"""Routes: marketplace."""

from starlette.routing import Route

routes: list[Route] = []
