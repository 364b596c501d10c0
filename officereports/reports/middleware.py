"""The app's middleware: the interface language, refusing NUL characters, the 404 page."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.defaults import page_not_found


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


class NotFoundPageMiddleware:
    """With DEBUG on, Django answers a 404 with its technical page, which lists every
    address of the application and says why nothing was found. A missing report, another
    office's report and an address that is no page get the same Vietnamese 404 page
    (templates/404.html, Django's own `page_not_found`) whatever DEBUG is, so that what a
    user sees, and what a report's absence reveals, is what production shows. With DEBUG off
    Django renders that page itself and this does nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as e:
                return page_not_found(request, e)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
