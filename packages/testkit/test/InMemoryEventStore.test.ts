import { eventStoreContract, inMemoryHarness } from '../src/index'

eventStoreContract('InMemoryEventStore', async (options) => inMemoryHarness(options))
