"""The application object for a WSGI server: `gunicorn 'app.wsgi:app'`.

After the app is built, the objects that live as long as the process (modules,
the app, its configuration and catalogues) are moved out of the garbage
collector's reach with `gc.freeze()`. Otherwise every full collection walks
them all again: measured on the plan page with 300 actions, those collections
made one request in ten take about 110 ms instead of 30 ms. Under a forking
server it also keeps those objects' memory pages shared between workers.
The `flask db` commands are left out: migrations run from the command line
(`flask --app app db upgrade`), and Alembic would cost each worker ~10 MB.
"""

import gc

from app import create_app

app = create_app(migrations=False)
gc.freeze()
