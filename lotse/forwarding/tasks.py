from django_tasks import task

from lotse.forwarding.services import submission_send


@task()
def submission_deliver(submission_id: str) -> bool:
    """One delivery attempt of a submission; a redelivery finds it delivered or claimed and does
    nothing (see forwarding.services)."""
    return submission_send(submission_id=submission_id)
