"""The language chosen on the login page survives the login and is stored for the account."""

from django.urls import reverse

from lotse.demo.cast import DEMO_PASSWORD


def log_in(client, user):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": DEMO_PASSWORD}
    )


def test_language_chosen_on_the_login_page_survives_the_login_and_is_stored(client, cast):
    user = cast("company_hr").user
    assert user.language == "de"
    client.post(reverse("language"), {"language": "en", "next": "/accounts/login/"})
    response = log_in(client, user)
    assert response.cookies["django_language"].value == "en"
    page = client.get(reverse("cases:list")).content.decode()
    assert 'lang="en"' in page
    user.refresh_from_db()
    assert user.language == "en"


def test_without_a_choice_the_stored_language_applies(client, cast):
    user = cast("aa_caseworker").user
    user.language = "en"
    user.save(update_fields=["language"])
    log_in(client, user)
    assert 'lang="en"' in client.get(reverse("cases:list")).content.decode()
    user.refresh_from_db()
    assert user.language == "en"


def test_a_choice_before_one_login_does_not_carry_over_to_the_next(client, cast):
    first, second = cast("company_hr").user, cast("aa_caseworker").user
    client.post(reverse("language"), {"language": "en", "next": "/accounts/login/"})
    log_in(client, first)
    client.post(reverse("accounts:logout"))
    log_in(client, second)
    second.refresh_from_db()
    assert second.language == "de"
    assert 'lang="de"' in client.get(reverse("cases:list")).content.decode()


def test_language_chosen_in_the_header_is_stored_and_kept_at_the_next_login(client, cast):
    user = cast("company_hr").user
    log_in(client, user)
    client.post(reverse("language"), {"language": "en", "next": "/"})
    client.post(reverse("accounts:logout"))
    client.cookies.pop("django_language", None)
    log_in(client, user)
    assert 'lang="en"' in client.get(reverse("cases:list")).content.decode()


def test_an_unknown_language_changes_nothing(client, cast):
    user = cast("company_hr").user
    client.post(reverse("language"), {"language": "xx", "next": "/accounts/login/"})
    log_in(client, user)
    user.refresh_from_db()
    assert user.language == "de"
