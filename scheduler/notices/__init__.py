"""`scheduler notices`: printable 授课通知单 per teacher and, after a what-if, one short 调课通知
per affected person (CSV and text), written as one directory.

sheets (what each teacher's notice lists), env (the Jinja2 environment), pages (the HTML),
changes (the messages after a replan), output (the directory), messages (the Chinese text).
"""
