"""Routes: users."""

from starlette.routing import Route

routes: list[Route] = []
