import { createServer, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { requireServer } from '../src/index'

const requirement = (url: string) => ({ suite: 'probe suite', url, hint: 'start it', timeoutMs: 1_000 })
const ci = process.env['CI']

afterEach(() => {
  if (ci === undefined) delete process.env['CI']
  else process.env['CI'] = ci
  vi.restoreAllMocks()
})

describe('requireServer', () => {
  it('runs a suite whose server accepts connections', async () => {
    const server = createServer((socket) => socket.end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      expect(await requireServer(requirement(`postgres://postgres@127.0.0.1:${port}/test`))).toBe(true)
    } finally {
      server.close()
    }
  })

  it('skips locally with a message naming the suite, the server and what to do', async () => {
    delete process.env['CI']
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(await requireServer(requirement('postgres://postgres@127.0.0.1:1/test'))).toBe(false)
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^SKIPPING probe suite: no server reachable at postgres:\/\/127\.0\.0\.1:1\/test .*start it/,
    )
  })

  it('fails under CI=true instead of skipping', async () => {
    process.env['CI'] = 'true'
    await expect(requireServer(requirement('postgres://127.0.0.1:1/test'))).rejects.toThrow(
      'probe suite must run in CI, but no server reachable',
    )
  })

  it('skips an opt-in suite whose variable is unset, under CI=true too, saying which variable', async () => {
    process.env['CI'] = 'true'
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(await requireServer({ ...requirement(''), optIn: 'PROBE_URL' })).toBe(false)
    expect(await requireServer({ ...requirement('x'), url: undefined, optIn: 'PROBE_URL' })).toBe(false)
    expect(warn.mock.calls.map((call) => call[0])).toEqual([
      expect.stringMatching(/^NOT RUN: probe suite: PROBE_URL is not set, .*start it/),
      expect.stringMatching(/^NOT RUN: probe suite: PROBE_URL is not set/),
    ])
  })

  it('fails an opt-in suite whose variable names a server that does not answer, locally too', async () => {
    delete process.env['CI']
    await expect(
      requireServer({ ...requirement('kurrentdb://admin:changeit@127.0.0.1:1?tls=false'), optIn: 'PROBE_URL' }),
    ).rejects.toThrow(/^probe suite: PROBE_URL is set, but no server reachable at kurrentdb:\/\/127\.0\.0\.1:1/)
  })

  it('probes the first host of a cluster connection string', async () => {
    const server = createServer((socket) => socket.end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const url = `kurrentdb+discover://admin:changeit@127.0.0.1:${port},127.0.0.1:1?tls=false`
      expect(await requireServer({ ...requirement(url), optIn: 'PROBE_URL' })).toBe(true)
    } finally {
      server.close()
    }
  })

  it('refuses a suite that is not opt-in and names no URL', async () => {
    await expect(requireServer(requirement(''))).rejects.toThrow('probe suite names no server URL')
  })
})
