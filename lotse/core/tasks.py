from django_tasks import task

from lotse.core.outbox import mail_send


@task()
def mail_deliver(mail_id: str) -> bool:
    """Send one outbox mail; a redelivery finds it sent and does nothing (see core.outbox)."""
    return mail_send(mail_id=mail_id)
