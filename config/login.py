"""The admin's login form: a user name no account can have gets the ordinary error early.

A name longer than the user model's field cannot belong to anyone, so it is refused with
the usual "correct username and password" message before `authenticate()` runs. Let
through, it reached django-axes, which records every failed login in a 255-character
column: PostgreSQL refused the longer value and the login page answered a 500, logged with
a traceback (upstream django-axes issue #1381; SQLite stored it silently).
"""

from django.contrib.admin.forms import AdminAuthenticationForm


class AdminLoginForm(AdminAuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username") or ""
        # AuthenticationForm sets this from the user model (150) but enforces it nowhere.
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return super().clean()
