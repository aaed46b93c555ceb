/**
 * The one rule for a test suite that needs a database server: run when it is reachable; otherwise skip with a
 * message saying why when run locally, and fail under `CI=true`, where a silently skipped suite would hide that
 * nothing was tested. A suite whose server no CI machine has (KurrentDB) is opt-in instead: it runs when its
 * variable names a server, and is skipped with a message saying so when the variable is unset, under `CI=true` too.
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
  /**
   * The server's URL (`postgres://…`, `kurrentdb://…`, `esdb://…`); its host and port (the first of a cluster's)
   * are probed. `undefined` or empty only for an opt-in suite whose variable is unset.
   */
  readonly url: string | undefined
  /** How to provide the server, e.g. "start PostgreSQL or set IKM_LEDGER_PG_URL". */
  readonly hint: string
  /** How long to wait for the connection; 3000 ms. */
  readonly timeoutMs?: number
  /**
   * For a suite whose server CI cannot have: the environment variable that opts in by naming the server. Unset,
   * the suite is skipped with a message (under `CI=true` too); set, the server must answer (locally too), since
   * whoever set it wants the suite run.
   */
  readonly optIn?: string
}

/**
 * The PostgreSQL server the repository's suites use: `IKM_LEDGER_PG_URL`, or the local default
 * `postgres://postgres@127.0.0.1:5432/test`.
 *
 * @category constants
 * @since 0.2.0
 */
export const POSTGRES_TEST_URL: string = process.env['IKM_LEDGER_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

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
    // A cluster's connection string lists several hosts (`kurrentdb://a:2113,b:2113`): probe the first.
    const parsed = new URL(url.replace(/^([a-z+]+:\/\/(?:[^@/]*@)?)([^,/?]+),[^/?]*/i, '$1$2'))
    host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1'
    const scheme = parsed.protocol.replace(/:$/, '').replace(/\+discover$/, '')
    port = parsed.port === '' ? (DEFAULT_PORTS[scheme] ?? 0) : Number(parsed.port)
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
 * the suite, the server and the hint. Unreachable under `CI=true`: throws, so the test file fails. With `optIn`,
 * an unset variable is `false` after a `NOT RUN` warning (also under `CI=true`), and an unreachable server throws.
 *
 * @example
 * const reachable = await requireServer({ suite: 'PostgresEventStore', url: POSTGRES_TEST_URL, hint: 'start PostgreSQL' })
 * describe.runIf(reachable)('PostgresEventStore', () => { ... })
 *
 * @category utils
 * @since 0.2.0
 */
export const requireServer = async (requirement: ServerRequirement): Promise<boolean> => {
  const { suite, url, hint, optIn } = requirement
  if (url === undefined || url === '') {
    if (optIn === undefined) throw new Error(`${suite} names no server URL; ${hint}`)
    console.warn(`NOT RUN: ${suite}: ${optIn} is not set, so nothing was checked against a server. To run it: ${hint}.`)
    return false
  }
  const problem = await unreachable(url, requirement.timeoutMs ?? 3_000)
  if (problem === undefined) return true
  const why = `no server reachable at ${url.replace(/\/\/[^@/]*@/, '//')} (${problem})`
  if (optIn !== undefined) throw new Error(`${suite}: ${optIn} is set, but ${why}; ${hint}`)
  if (process.env['CI'] === 'true') throw new Error(`${suite} must run in CI, but ${why}; ${hint}`)
  console.warn(`SKIPPING ${suite}: ${why}. To run it: ${hint}.`)
  return false
}

/**
 * `requireServer` for the repository's PostgreSQL suites, on `POSTGRES_TEST_URL`.
 *
 * @category utils
 * @since 0.2.0
 */
export const requirePostgres = (suite: string): Promise<boolean> =>
  requireServer({
    suite,
    url: POSTGRES_TEST_URL,
    hint: 'start PostgreSQL (`pg_ctlcluster <version> main start`) or set IKM_LEDGER_PG_URL',
  })
