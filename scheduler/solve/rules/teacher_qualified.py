"""教师只讲授能讲的专题: enforced by construction (only qualified teachers are candidates)."""

RULE_ID = "teacher_qualified"


def post(ctx) -> None:
    # expand.qualified() filters by topic, tier and township; required teachers are checked
    # against their topics when the instance is read.
    return None
