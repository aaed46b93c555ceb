/**
 * What one append costs the client, ours beside the floor: wall time per append and the process's user and system
 * CPU per event, for appends of one event or of a batch, each to a new stream.
 *
 *   pnpm --filter @ikm-ledger/bench exec tsx src/appendCpu.ts sqlite|postgres [events per append] [events per round] [rounds]
 *
 * Defaults: 1 event per append, 3,000 events per round, 5 rounds. Both systems run in this process through their
 * bench subjects (ours from the built packages), each on a fresh data set, warmed up with 500 events; rounds are
 * interleaved in rotated order. It prints medians over rounds with the spread. CPU is the whole process's, so the
 * figures include the driver and the bench's own event generation, the same for both.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateEvent, type GeneratedEvent } from './Payloads'
import { median, medianWithSpread } from './Report'
import type { OpenSubject, Subject } from './Subject'
import { openFloorPostgres } from './subjects/FloorPostgres'
import { openFloorSqlite } from './subjects/FloorSqlite'
import { openOursPostgres } from './subjects/OursPostgres'
import { openOursSqlite } from './subjects/OursSqlite'

const backend = process.argv[2]
if (backend !== 'sqlite' && backend !== 'postgres') {
  console.error('usage: tsx src/appendCpu.ts sqlite|postgres [events per append] [events per round] [rounds]')
  process.exit(2)
}
const perAppend = Number(process.argv[3] ?? 1)
const perRound = Number(process.argv[4] ?? 3000)
const rounds = Number(process.argv[5] ?? 5)
const WARM_UP_EVENTS = 500

const dir = mkdtempSync(join(tmpdir(), 'ikm-append-cpu-'))
const systems: ReadonlyArray<readonly [string, OpenSubject]> =
  backend === 'sqlite'
    ? [
        ['ours', openOursSqlite],
        ['floor', openFloorSqlite],
      ]
    : [
        ['ours', openOursPostgres],
        ['floor', openFloorPostgres],
      ]

interface Round {
  readonly wallPerAppend: number
  readonly userPerEvent: number
  readonly systemPerEvent: number
}

let next = 0
const batch = (): Array<GeneratedEvent> => Array.from({ length: perAppend }, () => generateEvent(11, next++))

const appendMany = async (subject: Subject, label: string, events: number): Promise<Round> => {
  const appends = Math.max(1, Math.round(events / perAppend))
  const cpu = process.cpuUsage()
  const started = performance.now()
  for (let i = 0; i < appends; i++) await subject.appendNew(`program-${label}-${i}`, batch())
  const wall = performance.now() - started
  const used = process.cpuUsage(cpu)
  return {
    wallPerAppend: (wall * 1000) / appends,
    userPerEvent: used.user / (appends * perAppend),
    systemPerEvent: used.system / (appends * perAppend),
  }
}

const opened: Array<readonly [string, Subject]> = []
try {
  for (const [name, open] of systems) {
    opened.push([name, await open({ name: 'append-cpu', dir, fresh: true })])
  }
  for (const [name, subject] of opened) await appendMany(subject, `${name}-warm`, WARM_UP_EVENTS)
  const results = new Map<string, Array<Round>>(opened.map(([name]) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = opened.map((_, i) => opened[(i + round) % opened.length]!)
    for (const [name, subject] of order)
      results.get(name)!.push(await appendMany(subject, `${name}-${round}`, perRound))
  }
  const cell = (values: ReadonlyArray<number>) => medianWithSpread(values, 1)
  console.log(
    `${backend}: appends of ${perAppend} event(s) to new streams, ${perRound} events per round, ${rounds} rounds ` +
      '(median (min–max))\n',
  )
  console.log('| system | µs per append | user CPU µs per event | system CPU µs per event |')
  console.log('|---|---:|---:|---:|')
  for (const [name] of opened) {
    const rows = results.get(name)!
    console.log(
      `| ${name} | ${cell(rows.map((r) => r.wallPerAppend))} | ${cell(rows.map((r) => r.userPerEvent))} | ` +
        `${cell(rows.map((r) => r.systemPerEvent))} |`,
    )
  }
  const wall = (name: string) => median(results.get(name)!.map((r) => r.wallPerAppend))
  console.log(`\nours ÷ floor (appends/s): ${(wall('floor') / wall('ours')).toFixed(2)}×`)
} finally {
  for (const [, subject] of opened) await subject.close()
  rmSync(dir, { recursive: true, force: true })
}
