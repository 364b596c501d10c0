"""The interface language: Vietnamese unless the user chose another with the switcher."""

from django.conf import settings
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
