// Every test file gets its own GPU lease directory: the fake nvidia-smi gives every fake machine
// the same UUIDs, so test files running at once would otherwise queue on each other's leases.
// A test of leases between gates sets OOM_GATE_LEASE_DIR itself, the same for the gates it runs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

process.env.OOM_GATE_LEASE_DIR = mkdtempSync(join(tmpdir(), 'oom-gate-test-leases-'))
