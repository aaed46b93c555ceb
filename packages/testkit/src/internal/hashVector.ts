/**
 * The fixed test vector every adapter must reproduce byte for byte. The same input and the same expected hashes
 * are checked independently in core (`packages/core/test/kernel/HashChain.test.ts`), which recomputes SHA-256
 * over the literal canonical text.
 */
import type { Clock, NewEvent } from '@ikm-ledger/core'

/**
 * The stream of the fixed hash-chain test vector.
 *
 * @category fixtures
 * @since 0.2.0
 */
export const VECTOR_STREAM = 'program-0190f8a2-7c4d-7e11-9a3b-5d6e7f800001'

/** Every reading returns the same instant, so `recordedAt` is fixed whatever the adapter asks of the clock. */
export const VECTOR_CLOCK: Clock = { now: () => new Date('2026-01-02T03:04:05.678Z') }

/**
 * The two events of the fixed hash-chain test vector, as appended (revisions 0 and 1 of `VECTOR_STREAM`,
 * recorded at `VECTOR_RECORDED_AT`): every adapter must store them with `VECTOR_HASHES`.
 *
 * @category fixtures
 * @since 0.2.0
 */
export const VECTOR_EVENTS = [
  {
    eventId: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80a001',
    type: 'ProgramProposed',
    schemaVersion: 1,
    data: {
      title: 'Bimtek pengemasan kopi — Kab. Temanggung ☕',
      budget: { source: 'APBN', rupiah: '1250000000' },
      sites: ['Desa Ngadirejo', 'Kec. Kledung'],
      notes: { zeta: 'emoji 🧵, "quotes", \\ backslash', alpha: null, ñandú: true, number: 12.5 },
    },
    metadata: {
      occurredOn: '2025-03-14',
      actor: { id: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80b001', role: 'DINAS_OPERATOR' },
      correlationId: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80c001',
      causationId: 'command-42',
      evidence: {
        level: 'DOCUMENTED',
        refs: [{ kind: 'SK', number: '027/SK/IKM/III/2025', date: '2025-03-10' }],
        approximate: false,
      },
      mode: 'OPERATIONAL',
      placeTimeZone: 'Asia/Jakarta',
    },
  },
  {
    eventId: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80a002',
    type: 'FundingAllocated',
    schemaVersion: 2,
    data: { amount: '750000000', line: { code: '5.2.1', 'Ünïcödé key': 'värde' } },
    metadata: {
      occurredOn: '2025-04-01',
      actor: { id: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80b001', role: 'DINAS_OPERATOR' },
      correlationId: '0190f8a2-7c4d-7e11-9a3b-5d6e7f80c001',
      evidence: { level: 'NEWS_REPORT', refs: [] },
      mode: 'HISTORICAL_IMPORT',
    },
  },
] as unknown as ReadonlyArray<NewEvent>

/**
 * The `recordedAt` of both vector events.
 *
 * @category fixtures
 * @since 0.2.0
 */
export const VECTOR_RECORDED_AT = '2026-01-02T03:04:05.678Z'

/**
 * The `prevHash` and `hash` each vector event must get.
 *
 * @category fixtures
 * @since 0.2.0
 */
export const VECTOR_HASHES = [
  {
    prevHash: '0000000000000000000000000000000000000000000000000000000000000000',
    hash: 'ccc22c6396aa6cb8e4d5aa1c81db0ec2a67fb7bd78aefdaa08de00235834aaa5',
  },
  {
    prevHash: 'ccc22c6396aa6cb8e4d5aa1c81db0ec2a67fb7bd78aefdaa08de00235834aaa5',
    hash: '116412514d4d727570f9dba6d5a09f90055012ad6b3b4cf59e92ecbe4a677974',
  },
] as const

/**
 * The Merkle log over the two vector events at positions 1 and 2 (what memory, SQLite and PostgreSQL assign in a
 * fresh store): each leaf is `SHA-256(0x00 ‖ position as 8 bytes big-endian ‖ event hash)`, the root
 * `SHA-256(0x01 ‖ leaf1 ‖ leaf2)`. Checked independently in core (`packages/core/test/kernel/Merkle.test.ts`).
 * A store that numbers positions otherwise (KurrentDB: `2 × log offset + 1`) gets the root of its own positions.
 */
export const VECTOR_MERKLE = {
  positions: [1n, 2n],
  leaves: [
    '520e8adf9ed58ca85b9c9f53782a04900126d482cb3796b0569764ed428c6638',
    '2cea6eadfb53201653f74dca4b69207cb1d5f8ad93489d63585885cc67d3922b',
  ],
  root: 'b23846cd64a17ab66994c74aa1373b842ed7fc698413723b112eddc8b98dca9f',
} as const
