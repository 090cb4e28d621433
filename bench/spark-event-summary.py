#!/usr/bin/env python3
"""Where a Spark application's time went, from its event log (spark.eventLog.enabled=true).

  bench/spark-event-summary.py EVENT_LOG [TOP]

Prints the jobs, stages and tasks counted, the tasks' run time against their CPU time and the
time the driver spent between jobs (planning, codegen, Delta's log work, JIT), and the TOP
SQL executions by wall time with their job and task time: what to attack first (issue 22).
"""
import json
import sys
from collections import defaultdict

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
sql = {}
job_span = {}
job_sql = {}
stage_job = {}
task_run = defaultdict(int)
task_cpu = defaultdict(int)
task_gc = defaultdict(int)
tasks = 0
app_start = app_end = None
for line in open(path):
    e = json.loads(line)
    ev = e["Event"]
    if ev == "SparkListenerApplicationStart":
        app_start = e["Timestamp"]
    elif ev == "SparkListenerApplicationEnd":
        app_end = e["Timestamp"]
    elif ev.endswith("SQLExecutionStart"):
        sql[e["executionId"]] = {"desc": e.get("description", ""), "start": e["time"],
                                 "end": None, "jobs": 0, "run": 0, "cpu": 0}
    elif ev.endswith("SQLExecutionEnd"):
        if e["executionId"] in sql:
            sql[e["executionId"]]["end"] = e["time"]
    elif ev == "SparkListenerJobStart":
        props = e.get("Properties") or {}
        eid = props.get("spark.sql.execution.id")
        job_span[e["Job ID"]] = [e["Submission Time"], None]
        if eid is not None and int(eid) in sql:
            job_sql[e["Job ID"]] = int(eid)
            sql[int(eid)]["jobs"] += 1
        for s in e["Stage IDs"]:
            stage_job[s] = e["Job ID"]
    elif ev == "SparkListenerJobEnd":
        if e["Job ID"] in job_span:
            job_span[e["Job ID"]][1] = e["Completion Time"]
    elif ev == "SparkListenerTaskEnd":
        tasks += 1
        m = e.get("Task Metrics") or {}
        run = m.get("Executor Run Time", 0)
        cpu = m.get("Executor CPU Time", 0) // 1_000_000
        job = stage_job.get(e["Stage ID"])
        task_run[job] += run
        task_cpu[job] += cpu
        task_gc[job] += m.get("JVM GC Time", 0)
        if job in job_sql:
            sql[job_sql[job]]["run"] += run
            sql[job_sql[job]]["cpu"] += cpu

# wall time covered by at least one running job
spans = sorted(s for s in job_span.values() if s[1] is not None)
covered, cur_s, cur_e = 0, None, None
for s, t in spans:
    if cur_e is None or s > cur_e:
        if cur_e is not None:
            covered += cur_e - cur_s
        cur_s, cur_e = s, t
    else:
        cur_e = max(cur_e, t)
if cur_e is not None:
    covered += cur_e - cur_s
wall = (app_end or max(t for _, t in spans)) - (app_start or spans[0][0])
print(f"application: {wall / 1000:.1f} s, {len(job_span)} jobs, {len(stage_job)} stages, {tasks} tasks,"
      f" {len(sql)} SQL executions")
print(f"some job running: {covered / 1000:.1f} s; no job running (driver: start, planning, codegen,"
      f" Delta log, commits): {(wall - covered) / 1000:.1f} s")
print(f"task run time {sum(task_run.values()) / 1000:.1f} s, task CPU {sum(task_cpu.values()) / 1000:.1f} s,"
      f" task GC {sum(task_gc.values()) / 1000:.1f} s")
print()
print(f"{'wall s':>7} {'jobs':>4} {'task s':>7} {'cpu s':>6}  SQL execution")
rows = sorted(sql.items(), key=lambda kv: -((kv[1]["end"] or kv[1]["start"]) - kv[1]["start"]))
for eid, r in rows[:top]:
    w = ((r["end"] or r["start"]) - r["start"]) / 1000
    desc = " ".join(r["desc"].split())[:110]
    print(f"{w:7.1f} {r['jobs']:4d} {r['run'] / 1000:7.1f} {r['cpu'] / 1000:6.1f}  [{eid}] {desc}")
