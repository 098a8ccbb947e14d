"""Log in, log out, reset the password by mail, switch the language."""

import re

from django.urls import reverse

from lotse.demo.cast import DEMO_PASSWORD


def test_login_with_email_and_password_then_logout(client, cast):
    email = cast("company_hr").user.email
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("cases:list")).status_code == 302


def test_wrong_password_is_refused_with_a_message_in_german(client, cast):
    email = cast("company_hr").user.email
    response = client.post(reverse("accounts:login"), {"username": email, "password": "falsch"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Groß-/Kleinschreibung" in response.content.decode()


def test_login_applies_the_persons_language(client, cast):
    user = cast("aa_caseworker").user
    user.language = "en"
    user.save()
    client.post(reverse("accounts:login"), {"username": user.email, "password": DEMO_PASSWORD})
    page = client.get(reverse("cases:list")).content.decode()
    assert "My cases" in page and 'lang="en"' in page


def test_password_reset_by_mail(client, cast, mailoutbox):
    user = cast("company_hr").user
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [user.email]
    link = re.search(r"http://\S+/accounts/password-reset/\S+/\S+/", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new = "Neues-Passwort-2026!"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.check_password(new)


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302 and mailoutbox == []


def test_language_switch_works_before_and_after_login(client, cast):
    client.post(reverse("language"), {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get(reverse("accounts:login")).content.decode()
    client.post(reverse("language"), {"language": "de", "next": "/accounts/login/"})
    assert "Anmelden" in client.get(reverse("accounts:login")).content.decode()
    client.force_login(cast("company_hr").user)
    client.post(reverse("language"), {"language": "en", "next": "/"})
    cast("company_hr").user.refresh_from_db()
    assert cast("company_hr").user.language == "en"


def test_too_many_failed_logins_lock_the_account_with_a_clear_page(client, cast, settings, caplog):
    settings.AXES_ENABLED = True
    email = cast("ihk_adviser").user.email
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": email, "password": "falsch"})
    locked = client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "Anmeldung gesperrt" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert email not in caplog.text  # no personal data in the log


def test_a_named_contact_without_password_can_set_one_by_mail(client, cast, mailoutbox):
    contact = cast("zentralstelle_caseworker").user
    contact.set_unusable_password()
    contact.language = "en"
    contact.save()
    client.post(
        reverse("accounts:password_reset"), {"email": contact.email}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert [mail.to for mail in mailoutbox] == [[contact.email]]
    assert "choose a new password" in mailoutbox[0].subject  # the account's language


def test_a_form_without_security_token_gets_a_clear_page(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast("company_hr").user)
    response = client.post(reverse("orgs:switch"), {"membership": "x"})
    assert response.status_code == 403
    assert "Bitte senden Sie das Formular erneut" in response.content.decode()


def test_a_step_opened_by_its_address_explains_itself(login, story):
    response = login("company_hr").get(reverse("cases:withdraw", args=[story("Raman").pk]))
    assert response.status_code == 405
    assert "Formular" in response.content.decode()
