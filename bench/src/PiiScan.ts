/**
 * How the R30 personal-data scan scales with the size of a text, on the inputs that made the old e-mail pattern
 * quadratic. Prints the time per size and the ratio between consecutive sizes: a linear scan doubles (ratio ≈ 2)
 * when the text doubles; the old pattern quadrupled (a 64 KB title took 4 s, 128 KB 17 s).
 *
 *   pnpm --filter @ikm-ledger/bench run pii
 */
import { findPii } from '@ikm-ledger/core/domain'

const SIZES = [65_536, 131_072, 262_144, 524_288, 1_048_576]

const INPUTS: ReadonlyArray<readonly [string, (n: number) => string]> = [
  ['letters only', (n) => 'a'.repeat(n)],
  ['letters then @', (n) => `${'a'.repeat(n - 1)}@`],
  ['letters @ letters', (n) => `${'a'.repeat(n / 2)}@${'b'.repeat(n / 2)}`],
  ['a@b repeated', (n) => 'a@b'.repeat(Math.floor(n / 3))],
]

// The fastest of several rounds: the scan takes milliseconds, so the minimum is the least disturbed by GC.
const timeOf = (text: string): number => {
  const value = { title: text }
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 15; i++) {
    const start = process.hrtime.bigint()
    findPii(value)
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6)
  }
  return best
}

for (const [name, make] of INPUTS) {
  let previous: number | undefined
  const cells: Array<string> = []
  for (const size of SIZES) {
    const ms = timeOf(make(size))
    cells.push(
      `${size / 1024} KiB ${ms.toFixed(2)} ms${previous === undefined ? '' : ` (×${(ms / previous).toFixed(2)})`}`,
    )
    previous = ms
  }
  console.log(`${name.padEnd(18)} ${cells.join(' | ')}`)
}
