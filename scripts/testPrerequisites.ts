// `npm test` runs this first (pretest): the tests drive real PyTorch and a headless chromium, so it
// installs the Debian packages when they are missing (as the demo does), or stops at once with one
// line naming what is missing and the command that installs it (exit 2), instead of dozens of
// failing tests.
import { CHROMIUM, ensureSystemPackages, PYTHON3_TORCH } from './systemPackages.js'
import { ensureTorch2Root } from './torch2Root.js'

const result = ensureSystemPackages([PYTHON3_TORCH, CHROMIUM], 'npm test', line => console.error(line))
if (!result.ok) {
  console.error(result.message)
  process.exit(2)
}
// The trace's tests run under torch 1.13 (Debian 12) and torch 2.x (a trixie root): never skipped.
const torch2 = ensureTorch2Root('npm test', line => console.error(line))
if (!torch2.ok) {
  console.error(torch2.message)
  process.exit(2)
}
