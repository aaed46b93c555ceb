import { eventStoreContract } from '@ikm-ledger/testkit'
import { sqliteHarness } from './fixtures/harness'

eventStoreContract('SqliteEventStore', async (setup) => sqliteHarness(setup))
