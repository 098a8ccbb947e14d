from django_tasks import task

from lotse.cases.notifications import notifications_send


@task()
def notify_case_event(event_id: int) -> int:
    """Mail the contacts an event concerns; a redelivery is a no-op (see Notification)."""
    return notifications_send(event_id=event_id)
