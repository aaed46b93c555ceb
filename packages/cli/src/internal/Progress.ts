/**
 * Progress of long work (verify, report, export, rebuild, import) on stderr: a bar with events/s and ETA on a terminal
 * (cli-progress), a plain line every few seconds otherwise (logs, CI), nothing with `--quiet`.
 */
import cliProgress from 'cli-progress'

/** One piece of long work: `update` with the count done so far, `stop` when it is over. */
export interface Progress {
  readonly update: (done: number) => void
  /** The work grew (a live store's head moved): the new total. */
  readonly setTotal?: (total: number) => void
  readonly stop: () => void
}

/** Starts the progress of a piece of work of `total` units (`events`, `commands`). */
export type ProgressFactory = (label: string, total: number, unit: string) => Progress

export const silentProgress: ProgressFactory = () => ({ update: () => undefined, stop: () => undefined })

/** A bar redrawn in place, for a terminal. */
export const barProgress =
  (stream: NodeJS.WriteStream): ProgressFactory =>
  (label, total, unit) => {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    )
    const started = Date.now()
    let of = Math.max(total, 1)
    bar.start(of, 0, { speed: '0' })
    return {
      update: (done) => {
        const seconds = (Date.now() - started) / 1000
        bar.update(Math.min(done, of), { speed: seconds > 0 ? Math.round(done / seconds) : 0 })
      },
      setTotal: (grown) => {
        of = Math.max(grown, 1)
        bar.setTotal(of)
      },
      stop: () => bar.stop(),
    }
  }

/** A line every `everyMs` (and one at the end when any was printed), for logs: `verify: 120000/500000 events (24%), 40000 events/s`. */
export const lineProgress =
  (write: (line: string) => void, now: () => number = Date.now, everyMs = 2000): ProgressFactory =>
  (label, initialTotal, unit) => {
    const started = now()
    let total = initialTotal
    let last = started
    let latest = 0
    let printed = false
    const line = (done: number) => {
      const seconds = (now() - started) / 1000
      const percent = total > 0 ? ` (${Math.floor((done * 100) / total)}%)` : ''
      const rate = seconds > 0 ? `, ${Math.round(done / seconds)} ${unit}/s` : ''
      write(`${label}: ${done}/${total} ${unit}${percent}${rate}`)
    }
    return {
      update: (done) => {
        latest = done
        if (now() - last >= everyMs) {
          last = now()
          printed = true
          line(done)
        }
      },
      setTotal: (grown) => {
        total = grown
      },
      // Work short enough to need no periodic line needs no closing one either.
      stop: () => {
        if (printed) line(latest)
      },
    }
  }
