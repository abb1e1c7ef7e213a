"""gunicorn's settings for Inflytande: `gunicorn -c gunicorn.conf.py`.

Each can be changed from the environment without editing this file.
"""

import os

wsgi_app = "app.wsgi:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two cores: two worker processes, each with two threads, so one can render
# while the other waits on the database. More threads did not serve more: a
# process runs Python on one core at a time, and each thread rendering a big
# page at once added ~7 MB to the worker (four threads: ~150 MB, two: ~120 MB).
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then, so a slow leak can never grow without bound:
# after about 5,000 rendered pages. Answers from the page cache neither render
# nor grow anything, and take a millisecond or two: they are not counted, or a
# busy worker would restart (with empty caches) every few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10


def post_request(worker, req, environ, resp):
    if resp is not None and ("X-Page-Cache", "hit") in resp.headers:
        worker.nr -= 1


# The app writes its own request line without personal data
# (app/core/request_log.py); gunicorn's access log would repeat it with the full
# path and query string, so it is off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
