from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Russian unless the user chose English: the interface follows the user's choice, not the browser's.

    Django's LocaleMiddleware would follow Accept-Language, so an official on an English-language browser
    would get an English interface and English labels in the documents it prints.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response
