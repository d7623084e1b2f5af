// Command bench measures Drumbeat at scale on the local stack, the way
// `make chaos` drives it: PostgreSQL and the Temporal dev server (started
// fresh in BENCH_DIR, or those DATABASE_URL and TEMPORAL_ADDRESS name),
// the drumbeat worker and API as processes of their own, and an SMTP server
// inside this program that times every accepted message by its Message-ID.
// Each run measures, for BENCH_N (default 10,000):
//
//	(a) bare Temporal on the same server: one-activity workflows started and
//	    completed, and signals to workflows waiting for one;
//	(b) a campaign start: the Nth email accepted, the rate while sending,
//	    every participant workflow running with its first task done;
//	(c) a batch status update to a status that sends an email: rows and
//	    emails done, every workflow caught up;
//	(d) a batch status update to a status whose email is sent BENCH_DELAY
//	    (30 s) later: the lateness of each message against its due time;
//	(g) the worker's, the API's and the Temporal server's memory with every
//	    participant workflow open;
//	(e) one participant's change through the API, then the stage moves
//	    complete, restart and cancel.
//
// It runs them BENCH_RUNS times (default 3) and prints one table of
// medians, minimums and maximums, the ratios to bare Temporal of the same
// run, and the targets with "met" or "missed". It exits 1 when a
// run failed, 2 when it could not start. `make bench` builds and runs it.
//
// TEMPORAL says which Temporal it measures on: dev (the default), the
// Temporal CLI's dev server, or postgres, which adds the Temporal server
// itself (v1.29.1, the release the CLI embeds, installed by `make
// temporal-server`) on the stack's own PostgreSQL, as production runs
// Temporal on a SQL store. Then the benchmark runs twice in one go: first
// every scenario on a system with the dev server, then, once that system
// has stopped, every scenario but (f) on a fresh system (PostgreSQL,
// worker, API) whose Temporal keeps its state in databases temporal and
// temporal_visibility of that PostgreSQL. Running the two one after the
// other, never side by side, keeps them from sharing the machine's cores;
// bare Temporal (a) runs on each, so each row's ratio is to bare Temporal
// on the same server. The table prints each figure of the second system
// ("..., Temporal on PostgreSQL") right below the same figure of the first.
// (f) is left out of the second: its leads are read from PostgreSQL
// without Temporal. `make bench TEMPORAL=postgres` does it all.
package main

import "github.com/drumbeat-crm/drumbeat/cmd/internal/rig"

func main() { rig.Main("bench", loadConfig, runBench) }
