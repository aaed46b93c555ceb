/**
 * The one rule for a test suite that needs a database server: run when it is reachable; otherwise skip with a
 * message saying why when run locally, and fail under `CI=true`, where a silently skipped suite would hide that
 * nothing was tested.
 *
 * @since 0.2.0
 */
import { connect } from 'node:net'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a suite needs.
 *
 * @category model
 * @since 0.2.0
 */
export interface ServerRequirement {
  /** Names the suite in the message. */
  readonly suite: string
  /** The server's URL (`postgres://…`, `kurrentdb://…`, `esdb://…`); its host and port are probed. */
  readonly url: string
  /** How to provide the server, e.g. "start PostgreSQL or set IKM_LEDGER_PG_URL". */
  readonly hint: string
  /** How long to wait for the connection; 3000 ms. */
  readonly timeoutMs?: number
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  postgres: 5432,
  postgresql: 5432,
  kurrentdb: 2113,
  esdb: 2113,
}

/** Why the server cannot be reached, or `undefined` when a TCP connection to it opens. */
const unreachable = (url: string, timeoutMs: number): Promise<string | undefined> => {
  let host: string
  let port: number
  try {
    const parsed = new URL(url)
    host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1'
    port = parsed.port === '' ? (DEFAULT_PORTS[parsed.protocol.replace(/:$/, '')] ?? 0) : Number(parsed.port)
  } catch {
    return Promise.resolve(`'${url}' is not a URL`)
  }
  if (port === 0) return Promise.resolve(`'${url}' names no port`)
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (problem: string | undefined) => {
      socket.destroy()
      resolve(problem)
    }
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`))
    socket.once('connect', () => done(undefined))
    socket.once('error', (error) => done(error.message || error.name))
  })
}

/**
 * Whether a suite's server is reachable: `true` to run it. Unreachable locally: `false`, after a warning naming
 * the suite, the server and the hint. Unreachable under `CI=true`: throws, so the test file fails.
 *
 * @example
 * const reachable = await requireServer({ suite: 'PostgresEventStore', url: PG_URL, hint: 'start PostgreSQL' })
 * describe.runIf(reachable)('PostgresEventStore', () => { ... })
 *
 * @category utils
 * @since 0.2.0
 */
export const requireServer = async (requirement: ServerRequirement): Promise<boolean> => {
  const problem = await unreachable(requirement.url, requirement.timeoutMs ?? 3_000)
  if (problem === undefined) return true
  const why = `no server reachable at ${requirement.url.replace(/\/\/[^@/]*@/, '//')} (${problem})`
  if (process.env['CI'] === 'true') {
    throw new Error(`${requirement.suite} must run in CI, but ${why}; ${requirement.hint}`)
  }
  console.warn(`SKIPPING ${requirement.suite}: ${why}. To run it: ${requirement.hint}.`)
  return false
}
