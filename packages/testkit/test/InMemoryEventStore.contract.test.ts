import { eventStoreContract, eventStoreFuzz, inMemoryHarness } from '../src/index'

eventStoreContract('InMemoryEventStore', async (options) => inMemoryHarness(options))

eventStoreFuzz('InMemoryEventStore', async () => inMemoryHarness())
