"""The reminder and escalation mails' renderers (registered in `apps.ready`)."""
