"""gunicorn settings for Dala (`make serve`; gunicorn reads this file from the working directory).

Sized for a 2-core server: 3 worker processes (PDF rendering and page templates are CPU-bound)
with 4 threads each (requests mostly wait on PostgreSQL), so 12 requests in flight; raise
WEB_CONCURRENCY (processes) or DALA_THREADS with the cores. Every setting can also be given on
the command line or in GUNICORN_CMD_ARGS, which win over this file.

Measured with bench/load.py (50 users, 30 s, the 5,000-participant study on PostgreSQL) on
this 2-core machine, shared with other work (load average 7-9 during the runs, so the figures
compare the layouts with each other, not with a quiet server), 2026-12-03:
  3 workers x 4 threads: 47.4 req/s, 0 errors, p95 145-420 ms per page (dashboard highest),
                         bare endpoint p95 32 ms; web tier PSS 396 MB (RSS sum 1,005 MB)
  2 workers x 6 threads: 45.6 req/s, 0 errors, p95 162-807 ms, bare endpoint p95 19 ms;
                         web tier PSS 350 MB (RSS sum 765 MB)
3 x 4 kept: lower page latency for the same throughput (the users' think time bounds it near
50 req/s). With preload_app and the frozen heap (app/wsgi.py) the three workers share the NER
models: 396 MB for the whole tier, where each worker loading natasha itself held ~233 MB.
"""
import os
import subprocess
import sys

wsgi_app = "app.wsgi:serve()"
# The app, and the NER models with it (app/wsgi.py), are loaded once in the master and shared by
# the forked workers (copy-on-write): natasha's ~230 MB are held once per machine, not per worker.
preload_app = True
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

# The background jobs' worker (bundles, protocols: app/core/jobs.py) starts and stops with the
# server, as a process of its own. DALA_JOBS_WORKER=0 when it runs elsewhere (its own service,
# another machine with the same Redis queue).
_jobs_worker = None


def when_ready(server):
    global _jobs_worker
    if os.environ.get("DALA_JOBS_WORKER", "1") != "0":
        env = {**os.environ, "FLASK_APP": os.environ.get("FLASK_APP", "app")}
        _jobs_worker = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker",
                                         "--threads", os.environ.get("DALA_JOB_THREADS", "1")], env=env)
        server.log.info("background jobs worker started (pid %s)", _jobs_worker.pid)


def on_exit(server):
    if _jobs_worker is not None and _jobs_worker.poll() is None:
        _jobs_worker.terminate()
        try:
            _jobs_worker.wait(timeout=graceful_timeout)
        except subprocess.TimeoutExpired:
            _jobs_worker.kill()
