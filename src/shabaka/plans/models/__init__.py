from shabaka.plans.models.indicator import (
    DISAGGREGATION_DIMENSIONS,
    Indicator,
    IndicatorDirection,
    IndicatorUnit,
    ProgressStatus,
    ProgressUpdate,
)
from shabaka.plans.models.plan import (
    ActionPlan,
    Activity,
    ActivityStatus,
    Adaptation,
    Objective,
    PlanStatus,
    PlanVersion,
)

__all__ = [
    "DISAGGREGATION_DIMENSIONS",
    "ActionPlan",
    "Activity",
    "ActivityStatus",
    "Adaptation",
    "Indicator",
    "IndicatorDirection",
    "IndicatorUnit",
    "Objective",
    "PlanStatus",
    "PlanVersion",
    "ProgressStatus",
    "ProgressUpdate",
]
