/**
 * Options objects built to hurt a store's constructor: a getter that throws, a proxy whose traps throw, a revoked
 * proxy, and clocks that are no clock. Each comes with the words the refusal must contain, so every store checks
 * that it answers with a `Left` saying what was wrong instead of throwing.
 *
 * @since 0.2.0
 */

/**
 * One hostile options object and what the refusal must say.
 *
 * @category model
 * @since 0.2.0
 */
export interface HostileOptions {
  readonly what: string
  readonly options: unknown
  readonly says: string
}

/**
 * Hostile variants of a store's valid `base` options, refused before any I/O (the clock is only read later, see
 * {@link hostileClocks}).
 *
 * @category constructors
 * @since 0.2.0
 */
export const hostileOptions = (base: object): ReadonlyArray<HostileOptions> => {
  const revocable = Proxy.revocable({ ...base }, {})
  revocable.revoke()
  return [
    {
      what: 'a getter that throws',
      options: Object.defineProperty({ ...base }, 'clock', {
        enumerable: true,
        get: () => {
          throw new Error('getter exploded')
        },
      }),
      says: 'clock could not be read (getter exploded)',
    },
    {
      what: 'a proxy whose get trap throws',
      options: new Proxy(
        { ...base },
        {
          get: () => {
            throw new Error('proxy get trap exploded')
          },
        },
      ),
      says: 'could not be read (proxy get trap exploded)',
    },
    { what: 'a revoked proxy', options: revocable.proxy, says: 'must be an object' },
    { what: 'null', options: null, says: 'got null' },
    { what: 'a clock that is a string', options: { ...base, clock: 'now' }, says: 'the clock must be an object' },
    {
      what: 'a clock without now()',
      options: { ...base, clock: { today: () => new Date() } },
      says: 'the clock must be an object with a now() method',
    },
  ]
}

/**
 * Clocks whose readings are no instant, and what an append (or an open that reads the clock) must say.
 *
 * @category constructors
 * @since 0.2.0
 */
export const hostileClocks = (): ReadonlyArray<HostileOptions> => [
  {
    what: 'a clock that throws',
    options: {
      now: () => {
        throw new Error('the clock broke')
      },
    },
    says: "the clock's now() threw: the clock broke",
  },
  {
    what: 'a clock that returns text',
    options: { now: () => '2026-01-01' },
    says: `returned "2026-01-01", not a valid Date`,
  },
  {
    what: 'a clock that returns nothing',
    options: { now: () => undefined },
    says: 'returned nothing, not a valid Date',
  },
  {
    what: 'a clock that returns an invalid Date',
    options: { now: () => new Date('not a date') },
    says: "the clock's now() returned an invalid Date",
  },
]
