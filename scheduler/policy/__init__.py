"""The policy rules' shared measures (what counts as an hour, interactive, a served topic, a
fitting teacher, the main topics a class attends) and their findings before solving."""
