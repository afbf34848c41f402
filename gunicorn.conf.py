"""gunicorn settings for Dala (`make serve`; gunicorn reads this file from the working directory).

Sized for a 2-core server: 3 worker processes (PDF rendering and page templates are CPU-bound)
with 4 threads each (requests mostly wait on PostgreSQL), so 12 requests in flight; raise
WEB_CONCURRENCY (processes) or DALA_THREADS with the cores. Every setting can also be given on
the command line or in GUNICORN_CMD_ARGS, which win over this file.
"""
import os

wsgi_app = "app.wsgi:serve()"
bind = os.environ.get("DALA_BIND", "127.0.0.1:8000")  # the reverse proxy on the same host talks to this
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("DALA_THREADS", "4"))
timeout = 60  # a long protocol PDF or bundle still finishes; a stuck worker is replaced
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then, so slow leaks never grow
max_requests_jitter = 200
# No access log: gunicorn's would print full URLs, and query strings may hold searched names.
# Dala logs every request itself, as one JSON line on stderr with the URL rule only (app/logs.py).
accesslog = None
errorlog = "-"
loglevel = "info"
# Headers ProxyFix (app/wsgi.py) handles; gunicorn's own trust of X-Forwarded-* is left to it.
forwarded_allow_ips = "127.0.0.1,::1"
# gunicorn 25+ opens a control socket under ~/.gunicorn; Dala needs none (signals do the job).
control_socket_disable = True
