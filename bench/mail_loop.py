"""The mail sender, running all the time as cron would run `flask mail send`
every minute, only much more often: for the fault test, so messages are
queued and sent while the app is killed. Stops cleanly on SIGTERM.

    DATABASE_URL=… MAIL_SERVER=127.0.0.1 MAIL_PORT=… .venv/bin/python -m bench.mail_loop
"""

import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> int:
    from app import create_app
    from app.core.mail import deliver_pending

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    app = create_app()
    while not stopping:
        with app.app_context():
            deliver_pending(limit=50)
        time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
