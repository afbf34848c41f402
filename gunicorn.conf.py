"""gunicorn settings for Dala (`make serve`; gunicorn reads this file from the working directory).

Sized for a 2-core server: 3 worker processes (page templates and PDF rendering are CPU-bound,
and Python runs one thread at a time per process, so at least one process per core and one
spare for the time a process waits on PostgreSQL) with 4 threads each (a request mostly waits
on PostgreSQL), so 12 requests in flight; raise WEB_CONCURRENCY (processes) or DALA_THREADS
with the cores. Every setting can also be given on the command line or in GUNICORN_CMD_ARGS,
which win over this file.

Measured with bench/load.py (50 users offering 80 requests/s, the 5,000-participant study on
PostgreSQL, `--layouts`, 30 s per layout) on this 2-core machine, 2026-12-03, while seven other
agents shared it (load average 7-20 during the runs: the request rates below are what the
machine had left, and they fell as its load rose during each run, so they rank layouts only
within a run; CPU per request is the steadier figure):
  run 1 (load 7.5 -> 12):  3 x 4: 24.9 req/s, 0 errors, CPU 20.5 ms gunicorn + 4.3 ms PostgreSQL
                                  per request, web tier PSS 415 MB
                           4 x 2: 17.5 req/s, CPU 22.3 + 4.6 ms, PSS 452 MB
                           6 x 1:  8.9 req/s, CPU 28.7 + 6.1 ms, PSS 532 MB
  run 2 (load 10 -> 20, templates and catalogues loaded before the fork, below):
                           3 x 4:  6.6 req/s, CPU 28.2 + 6.8 ms, PSS 373 MB
                           2 x 4:  6.0 req/s, CPU 24.8 + 4.7 ms, PSS 327 MB
                           3 x 2:  8.4 req/s, CPU 26.5 + 4.0 ms
                           4 x 4: 13.8 req/s, CPU 22.8 + 4.0 ms, PSS 425 MB
  run 3 (load 15 -> 20, with the page work below): 3 x 4: 9.4 req/s, 0 errors, CPU 23.7 + 5.4 ms,
                                  PSS 377 MB (RSS sum 1,039 MB)
  run 4 (2026-12-04, load average 12-17 from other agents, the study of bench/load.py now the
  test world grown to 5,000 participants; membership and study in one query, the language
  select built once): 2 x 4: 18.7 + 5.2 ms, PSS 330 MB
                      3 x 4: 17.3 + 4.8 ms, PSS 369 MB
                      3 x 2: 19.8 + 4.9 ms, PSS 361 MB
                      4 x 4: 19.0 + 4.9 ms, PSS 409 MB
  (request rates 17-29/s and p95 of seconds: the machine was three to eight times
  oversubscribed; they say nothing of the layout).
  run 5 (all of this stop's work; 20 s per layout, alternated, the load average falling from
  12 to 10 during the run, so each later layout had the quieter machine):
                      3 x 4: 52.8 req/s, CPU 17.6 + 2.9 ms (+ 0.5 ms the simulated users), PSS 381 MB
                      4 x 4: 68.7 req/s, CPU 16.2 + 2.9 ms, PSS 419 MB
                      3 x 4: 77.9 req/s, CPU 13.9 + 2.6 ms, p95 584-804 ms, PSS 378 MB
                      4 x 4: 80.4 req/s, 0 errors, CPU 11.7 + 2.3 ms (+ 0.4), p95 190-321 ms
                             (dashboard 282, participant list 321, session list 305), PSS 414 MB
  CPU per request fell by a third within the run as the machine's load fell: on a machine
  this oversubscribed even CPU time follows the load (shared caches and cores), so layouts
  are compared only side by side in one run.
  run 6 (2026-12-04, machine quiet, load average 0.1 -> 3, bench/load.py --seconds 30, 3 x 4):
    offered 80: 79.9 req/s, 0 errors, p95 83-150 ms on every page (bare endpoint 23 ms), CPU
    13.0 ms gunicorn + 3.7 ms PostgreSQL; offered 84: 83.9 req/s, 0 errors, p95 81-168 ms, CPU
    12.8 + 3.7 ms; web tier PSS 392 MB. Issue 18's serving target met at this size.
  run 7 (2026-12-05, issue 18's memory; load average 8-15 from other agents, so the rates and
  p95 below are the machine's, not the layout's; bench/load.py --seconds 20, 3 x 4, main and the
  change alternated, two runs each):
    main:                                    32.8-50.4 req/s, 0 errors, CPU 11.8-15.7 + 3.4-4.4 ms,
                                             PSS 390-393 MB (bench/memory.py, 7 runs: 396-399 MB)
    malloc's mmap threshold fixed, the heap
    trimmed before the fork (app/wsgi.py):   31.6-51.0 req/s, 0 errors, CPU 11.8-15.3 + 3.4-4.4 ms,
                                             PSS 373-377 MB (bench/memory.py, 2 runs: 374 MB)
  Where the rest goes (bench/memory.py, smaps_rollup of each process before and after the load):
  the master holds ~221 MB of anonymous memory (the NER models, the app, templates, catalogues),
  shared by the workers, PSS ~255 MB before any request. Under the load each worker's private
  pages grow by ~44 MB: ~14 MB of new memory (SQLAlchemy's cached statements and their column
  collections, ~8 MB of Python objects by tracemalloc; no module imported and no template
  compiled after the fork) and ~26 MB of the master's pages copied, because CPython 3.11 writes
  the reference count of every object a request touches (20 MB in the Python heap, 6 MB in
  malloc's). Once all three workers have copied a page the master's own copy is private too
  (~34 MB), so each further worker costs ~40 MB; four workers would hold ~415 MB.
3 x 4 kept: the least CPU per request in runs 1 and 4 (fewer processes than cores + 1 leave a
core idle while a process waits on PostgreSQL; more processes or fewer threads each cost CPU
in context switches and in caches: 6 x 1 took 40% more per request in run 1), and under the
400 MB the web tier may hold (issue 18: three workers under 400 MB; four hold 409-425 MB).
4 x 4 led runs 2 and 5, but each time it ran after 3 x 4 on a quieter machine; on a quiet
machine compare them with `python bench/load.py --layouts 3x4,4x4,3x4,4x4` and take 4 x 4
(WEB_CONCURRENCY=4) only if it leads in both pairs and the memory allows. The 80 requests/s target needs at most 25 ms of CPU per request
on 2 idle cores (2,000 ms / 80), the simulated users' own share included when they run on the
same machine (bench/load.py prints all three). In-process (bench/serving.py, the same pages,
medians, main and this branch side by side, load average 12), the app's CPU per request of
bench/load.py's mix went 18.6 -> 17.4 ms (PostgreSQL 4.2 ms both): the layout's navigation and
language select built once per language instead of on every page, templates' words in one
call, membership and study in one query. With preload_app and the frozen heap (app/wsgi.py:
prepare) the workers share the NER models, the compiled templates and the catalogues: 330-409
MB PSS for master and workers (374 MB for 3 x 4 in run 7), where each worker loading natasha
itself held ~233 MB.
"""
import os
import signal
import subprocess
import sys
import time

wsgi_app = "app.wsgi:serve()"
# The app, the NER models, the compiled templates and the catalogues (app/wsgi.py: prepare) are
# loaded once in the master and shared by the forked workers (copy-on-write): natasha's ~230 MB
# are held once per machine, not per worker, and no worker compiles a template at its first request.
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
# another machine with the same Redis queue). With preload_app it is a fork of the master, which
# has loaded the app already: it takes jobs at once (a `flask jobs worker` of its own spent
# seconds loading the app while the first job waited) and shares the loaded app's memory. A keeper
# process between the master and the worker starts the worker again when it stops (after 1 s,
# longer if it keeps stopping), and stops it when the master is gone.
_jobs_worker = None  # its process id


def when_ready(server):
    global _jobs_worker
    if os.environ.get("DALA_JOBS_WORKER", "1") == "0":
        return
    threads = int(os.environ.get("DALA_JOB_THREADS", "1"))
    loaded = server.app.wsgi() if server.cfg.preload_app else None
    if hasattr(loaded, "app_context"):
        _jobs_worker = _fork_jobs_worker(server, loaded, threads)
    else:
        env = {**os.environ, "FLASK_APP": os.environ.get("FLASK_APP", "app")}
        _jobs_worker = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker",
                                         "--threads", str(threads)], env=env).pid
    server.log.info("background jobs worker started (pid %s)", _jobs_worker)


RESTART_DELAYS = (1, 2, 5, 10, 30, 60)  # seconds before starting a stopped jobs worker again
STEADY_SECONDS = 60  # a worker that ran this long before it stopped is restarted at once


def _fork_jobs_worker(server, app, threads: int) -> int:
    """The jobs worker's keeper, a child of the master: it forks the worker from the app the
    master loaded and forks it again whenever it stops (killed, out of memory, a crash) until
    the server stops, so queued bundles never wait for a worker nobody restarts."""
    master = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:  # the keeper: none of the master's signal handling or listening sockets
        for number in (*server.SIGNALS, signal.SIGCHLD):
            signal.signal(number, signal.SIG_DFL)
        for listener in server.LISTENERS:
            listener.close()
        _keep_jobs_worker(server, app, threads, master)
        status = 0
    except BaseException:  # noqa: BLE001 (logged; the child must never go back into the master's code)
        server.log.exception("the background jobs worker's keeper stopped")
    finally:
        os._exit(status)


def _keep_jobs_worker(server, app, threads: int, master: int) -> None:
    stopping = []
    worker = None

    def stop(number, _frame):
        stopping.append(number)
        if worker:
            os.kill(worker, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    failures = 0
    while not stopping:
        started, worker = time.monotonic(), _start_jobs_worker(server, app, threads)
        code = _wait_for(worker, master, stopping)
        worker = None
        if stopping or code is None:
            return
        failures = 0 if time.monotonic() - started > STEADY_SECONDS else failures + 1
        delay = RESTART_DELAYS[min(failures, len(RESTART_DELAYS)) - 1] if failures else 0
        server.log.error("the background jobs worker stopped (%s); starting it again in %s s", code, delay)
        deadline = time.monotonic() + delay
        while not stopping and time.monotonic() < deadline and os.getppid() == master:
            time.sleep(0.2)
        if os.getppid() != master:
            return


def _wait_for(worker: int, master: int, stopping: list) -> str | None:
    """How the worker ended; None once the master is gone (the keeper then stops it and leaves)."""
    while True:
        try:
            pid, status = os.waitpid(worker, os.WNOHANG)
        except ChildProcessError:
            return "gone"
        if pid:
            return (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                    else f"exit code {os.waitstatus_to_exitcode(status)}")
        if os.getppid() != master and not stopping:
            os.kill(worker, signal.SIGTERM)
            os.waitpid(worker, 0)
            return None
        time.sleep(0.5)


def _start_jobs_worker(server, app, threads: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, signal.SIG_DFL)
        # Huey's consumer restarts on SIGHUP by running sys.argv again: as a worker, not a gunicorn
        os.environ.setdefault("FLASK_APP", "app")
        sys.argv = ["-m", "flask", "jobs", "worker", "--threads", str(threads)]
        from app.core import jobs

        with app.app_context():
            waiting = jobs.recover()
            server.log.info("jobs worker (pid %s): %s threads; %s waiting jobs put back on the queue",
                            os.getpid(), threads, len(waiting))
            jobs.consume(threads)
        status = 0
    except BaseException:  # noqa: BLE001 (logged; the worker must never go back into the keeper's loop)
        server.log.exception("the background jobs worker stopped")
    finally:
        os._exit(status)


def on_exit(server):
    if _jobs_worker is None:
        return
    try:
        os.kill(_jobs_worker, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + graceful_timeout
    while time.monotonic() < deadline:
        try:
            if os.waitpid(_jobs_worker, os.WNOHANG)[0]:
                return
        except ChildProcessError:  # already reaped by the master's own child handling
            return
        time.sleep(0.1)
    os.kill(_jobs_worker, signal.SIGKILL)
