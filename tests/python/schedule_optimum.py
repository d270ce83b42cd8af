"""Exact optimum of a meeting-scheduling instance, as an integer program solved by HiGHS.

Reads instances as JSON lines on stdin, one per line:
  {"attendees": n, "slot_sessions": [q per slot], "session_limits": [limit or null per session],
   "tables": t, "blocked": [[slots] per attendee], "meetings": [[a, b], ...]}
and prints, per line, "optimum N" with N the largest number of meetings that can be scheduled:
  x[m, s] = 1 when meeting m is in slot s (only for slots neither attendee blocked);
  each meeting at most once; each attendee at most once per slot; at most t meetings per slot;
  each attendee at most the session's limit per session.
Used by the Rust test suite only (tests/api/schedule.rs), never by the service.
"""
import json
import sys

import highspy


def optimum(inst):
    h = highspy.Highs()
    h.silent()
    k = len(inst["slot_sessions"])
    blocked = [set(b) for b in inst["blocked"]]
    x = {}
    for m, (a, b) in enumerate(inst["meetings"]):
        for s in range(k):
            if s not in blocked[a] and s not in blocked[b]:
                x[m, s] = h.addVariable(lb=0, ub=1, type=highspy.HighsVarType.kInteger)
    if not x:
        return 0
    by_meeting, by_attendee_slot, by_slot, by_attendee_session = {}, {}, {}, {}
    for (m, s), v in x.items():
        a, b = inst["meetings"][m]
        q = inst["slot_sessions"][s]
        by_meeting.setdefault(m, []).append(v)
        by_slot.setdefault(s, []).append(v)
        for p in (a, b):
            by_attendee_slot.setdefault((p, s), []).append(v)
            by_attendee_session.setdefault((p, q), []).append(v)
    for vs in by_meeting.values():
        if len(vs) > 1:
            h.addConstr(sum(vs[1:], vs[0]) <= 1)
    for vs in by_attendee_slot.values():
        if len(vs) > 1:
            h.addConstr(sum(vs[1:], vs[0]) <= 1)
    for vs in by_slot.values():
        if len(vs) > inst["tables"]:
            h.addConstr(sum(vs[1:], vs[0]) <= inst["tables"])
    for (p, q), vs in by_attendee_session.items():
        limit = inst["session_limits"][q]
        if limit is not None and len(vs) > limit:
            h.addConstr(sum(vs[1:], vs[0]) <= limit)
    variables = list(x.values())
    h.maximize(sum(variables[1:], variables[0]))
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise SystemExit(f"HiGHS did not prove optimality: {h.modelStatusToString(status)}")
    return round(h.getInfo().objective_function_value)


for line in sys.stdin:
    if line.strip():
        # HiGHS prints a banner on stdout whatever the options: mark our lines.
        print("optimum", optimum(json.loads(line)), flush=True)
