"""The interface language: Vietnamese unless the user chose another with the switcher."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Django's LocaleMiddleware without the browser's Accept-Language header: many officials'
    computers run an English browser and must still get the Vietnamese interface. Only the
    cookie written by `set_language` (the switcher in the page header) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = chosen
        # override(), not activate(): the thread goes back to the default after the request.
        with translation.override(chosen):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", chosen)
        patch_vary_headers(response, ("Cookie",))
        return response


class RefuseNulMiddleware:
    """A NUL character in the query string answers 400 (the Vietnamese 400 page).

    No address of the application takes one, and PostgreSQL refuses it in any query (a
    ValueError deep in a filter or the admin's search, i.e. a 500). Refused once here rather
    than in every filter. Form fields clean what is posted themselves (`text.clean`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL in the address")
        return self.get_response(request)
