"""The domain model: what an instance and a plan are. Knows nothing of the solver."""

from scheduler.domain.findings import Finding
from scheduler.domain.instance import Instance
from scheduler.domain.loading import InputError, load_instance, load_plan
from scheduler.domain.plan import Penalty, Plan, PlanSession, session_id
from scheduler.domain.records import (
    Blackout,
    Block,
    CurriculumItem,
    Obligation,
    Site,
    Teacher,
    Term,
    TermClass,
    Topic,
    Township,
    TravelTime,
    Venue,
)
from scheduler.domain.values import (
    MAIN_TOPICS,
    DateRange,
    Mode,
    Period,
    TeacherKind,
    Tier,
    TimeRule,
    TopicKind,
    VenueKind,
)

__all__ = [
    "MAIN_TOPICS", "Blackout", "Block", "CurriculumItem", "DateRange", "Finding", "InputError",
    "Instance", "Mode", "Obligation", "Penalty", "Period", "Plan", "PlanSession", "Site",
    "Teacher", "TeacherKind", "Term", "TermClass", "Tier", "TimeRule", "Topic", "TopicKind", "Township", "TravelTime",
    "Venue", "VenueKind", "load_instance", "load_plan", "session_id",
]
