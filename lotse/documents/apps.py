from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "lotse.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from lotse.cases.dossier import Source, source_register
        from lotse.documents import (
            mails,  # noqa: F401  (registers the link mail's renderer)
            steps,  # noqa: F401  (the documents' steps join the table)
        )
        from lotse.documents.checklist import checklist_gaps
        from lotse.documents.kinds import kind_label

        # the return's gaps and the forward guard read the checklist through `cases.dossier`
        source_register(Source(gaps=checklist_gaps, label=kind_label))
