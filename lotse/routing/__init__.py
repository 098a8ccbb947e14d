"""Routing: who is competent, by place and by date — plain Python, no Django.

The region's dated data (`regions/<name>/`) names the foreigners authority for the pre-entry § 81a
AufenthG procedure (by the workplace, § 71 Abs. 1 AufenthG, § 31 Abs. 4 AufenthV) and after entry (by the
residence), the company's chamber and the recognition body with the law that sets its periods (`Period`). Every
answer carries organisation keys, display names and a German and English reason naming the rule, its
validity dates, its legal basis and its source.
"""

from lotse.routing.answers import Candidate, RoutingAnswer, RoutingInputError
from lotse.routing.authorities import agreement_authority, residence_authority
from lotse.routing.bodies import chamber, recognition_body, recognition_periods
from lotse.routing.places import Place, find_municipality, find_place, municipalities_for_postcode
from lotse.routing.region import Region, RegionDataError, get_region, load_region, regions_dir

__all__ = [
    "Candidate",
    "Place",
    "Region",
    "RegionDataError",
    "RoutingAnswer",
    "RoutingInputError",
    "agreement_authority",
    "chamber",
    "find_municipality",
    "find_place",
    "get_region",
    "load_region",
    "municipalities_for_postcode",
    "recognition_body",
    "recognition_periods",
    "regions_dir",
    "residence_authority",
]
