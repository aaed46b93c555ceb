import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { barProgress, lineProgress } from '../src'

/** A stream that says it is a terminal, keeping what is drawn on it. */
const fakeTerminal = () => {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 160 }) as unknown as NodeJS.WriteStream
  let drawn = ''
  ;(stream as unknown as PassThrough).on('data', (chunk: Buffer) => (drawn += chunk.toString('utf8')))
  return { stream, drawn: () => drawn }
}

describe('Progress', () => {
  it('draws a bar with the count, events/s and an ETA on a terminal (cli-progress), following a grown total', async () => {
    const terminal = fakeTerminal()
    const bar = barProgress(terminal.stream)('rebuild', 333, 'events')
    bar.update(100)
    bar.setTotal?.(400)
    bar.update(400)
    bar.stop()
    await new Promise((resolve) => setImmediate(resolve))
    // eslint-disable-next-line no-control-regex
    const text = terminal.drawn().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    expect(text).toMatch(/rebuild \[[█░]+\] 100% \| 400\/400 events \| \d+ events\/s \| ETA \d+s/)
  })

  it('prints plain lines on a log, with the total a live store grew to', () => {
    let now = 0
    const lines: Array<string> = []
    const progress = lineProgress(
      (l) => lines.push(l),
      () => (now += 1000),
      500,
    )('verify', 100, 'events')
    progress.update(50)
    progress.setTotal?.(200)
    progress.update(200)
    progress.stop()
    // The clock steps one second each time it is read; the rates follow from it.
    expect(lines).toEqual([
      'verify: 50/100 events (50%), 17 events/s',
      'verify: 200/200 events (100%), 33 events/s',
      'verify: 200/200 events (100%), 29 events/s',
    ])
  })
})
