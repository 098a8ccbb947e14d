from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils import translation


class LoginView(auth_views.LoginView):
    """Log in; the person's chosen language applies from then on."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
