from django.views.decorators.http import require_POST

from lotse.cases.views.steps import case_action
from lotse.cases.visibility import case_get_for
from lotse.forwarding.services import case_forward


@require_POST
def forward(request, case_id):
    case = case_get_for(user=request.user, case_id=case_id)
    return case_action(request, case, case_forward)
