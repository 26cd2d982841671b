"""Floor 3: tooling for development and demonstration, never imported by the portal itself.

- `demo/`: the demo builder behind `manage.py seed_demo` (a county-scale hub, or `--small`);
- `servers.py`: finds or starts PostgreSQL and Redis for `make run` (`python -m hub.dev.servers env`);
- `management/commands/`: `seed_demo` and `demo_totp`. This package is an installed app (`hub.dev`)
  only so that Django finds those commands.
"""
