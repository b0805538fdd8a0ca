"""The domain model: what an instance and a plan are. Knows nothing of the solver."""

from scheduler.domain.instance import (
    MAIN_TOPICS,
    Blackout,
    Block,
    CurriculumItem,
    DateRange,
    Finding,
    Instance,
    Mode,
    Obligation,
    Period,
    Site,
    Teacher,
    TeacherKind,
    Term,
    TermClass,
    Tier,
    TimeRule,
    Topic,
    TopicKind,
    TravelTime,
    Township,
    Venue,
    VenueKind,
)
from scheduler.domain.loading import InputError, load_instance, load_plan
from scheduler.domain.plan import Penalty, Plan, PlanSession, session_id

__all__ = [
    "MAIN_TOPICS", "Blackout", "Block", "CurriculumItem", "DateRange", "Finding", "InputError",
    "Instance", "Mode", "Obligation", "Penalty", "Period", "Plan", "PlanSession", "Site",
    "Teacher", "TeacherKind", "Term", "TermClass", "Tier", "TimeRule", "Topic", "TopicKind", "Township", "TravelTime",
    "Venue", "VenueKind", "load_instance", "load_plan", "session_id",
]
