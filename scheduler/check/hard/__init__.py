"""One check per hard rule of scheduler.rules, each in its own module named after the rule."""
