import { steppingClock } from '@ikm-ledger/core'
import { eventStoreFuzz } from '@ikm-ledger/testkit'
import { sqliteHarness } from './fixtures/harness'

eventStoreFuzz('SqliteEventStore', async () =>
  sqliteHarness({ clock: steppingClock('2026-01-01T00:00:00.000Z'), upcasters: [] }),
)
