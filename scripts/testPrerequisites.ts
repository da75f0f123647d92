// `npm test` runs this first (pretest): the tests drive real PyTorch and a headless chromium, so it
// installs the Debian packages when they are missing (as the demo does), or stops at once with one
// line naming what is missing and the command that installs it (exit 2), instead of dozens of
// failing tests.
import { CHROMIUM, ensureSystemPackages, PYTHON3_TORCH } from './systemPackages.js'

const result = ensureSystemPackages([PYTHON3_TORCH, CHROMIUM], 'npm test', line => console.error(line))
if (!result.ok) {
  console.error(result.message)
  process.exit(2)
}
