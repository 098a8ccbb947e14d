"""The interface language a person chose before logging in, kept in the anonymous session until
the login stores it on the account (the switch is `core.views.language`, the login
`accounts.views.LoginView`)."""

CHOSEN_LANGUAGE_KEY = "lotse_language_chosen"
