"""The company's forecast (see below)."""


def forecast_panel(case, view, membership, events):
    return None
