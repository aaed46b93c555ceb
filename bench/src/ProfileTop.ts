/**
 * The functions with the most self time in a V8 CPU profile (`node --cpu-prof`):
 *
 *   pnpm exec tsx bench/src/ProfileTop.ts <file.cpuprofile> [how many, 30]
 *
 * Profiles of code run through tsx name every function after line 1; profile an esbuild bundle of the same
 * entry (see docs/performance.md) to get real names and lines.
 */
import fs from 'node:fs'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}

interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const [file, count = '30'] = process.argv.slice(2)
if (file === undefined) {
  console.error('usage: tsx bench/src/ProfileTop.ts <file.cpuprofile> [count]')
  process.exit(2)
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const self = new Map<string, number>()
let total = 0
profile.samples.forEach((sample, i) => {
  const frame = byId.get(sample)?.callFrame
  const delta = profile.timeDeltas[i] ?? 0
  total += delta
  if (frame === undefined) return
  const where = frame.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '')
  const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`
  self.set(key, (self.get(key) ?? 0) + delta)
})
console.log(`total ${(total / 1000).toFixed(0)} ms`)
for (const [key, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`)
}
