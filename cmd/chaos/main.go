// Command chaos proves Drumbeat's delivery promise under fire. On the local
// stack started the way `make run` starts it (PostgreSQL, the Temporal dev
// server on a database file, the drumbeat worker and API as processes of
// their own) it runs a campaign of CHAOS_N participants whose Contacted
// status sends one email and whose Responded status sends another 30 s
// later, moves everyone to Responded with one batch, and meanwhile kills the
// worker with SIGKILL twice, restarts PostgreSQL, stops its SMTP server for
// a minute and restarts Temporal (CHAOS_FAULTS chooses among worker, pg,
// smtp, temporal). It counts what its own SMTP server accepted, waits until
// nothing is in flight and prints one table. It exits 1 unless duplicates
// <= 2 x SMTP_POOL x (worker kills + PostgreSQL restarts) and nothing was
// lost, stuck or failed; 2 when the run could not be set up. `make chaos` builds and runs it.
package main

import "github.com/drumbeat-crm/drumbeat/cmd/internal/rig"

func main() { rig.Main("chaos", loadConfig, runChaos) }
