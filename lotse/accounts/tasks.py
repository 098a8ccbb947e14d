from django_tasks import task

from lotse.accounts.invitations import invitation_send


@task()
def send_invitation(user_id: int, organisation_name: str) -> bool:
    """Mail a new member the link to choose a password (a repeat after it is set does nothing)."""
    return invitation_send(user_id=user_id, organisation_name=organisation_name)
