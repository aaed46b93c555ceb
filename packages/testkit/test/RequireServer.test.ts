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
})
