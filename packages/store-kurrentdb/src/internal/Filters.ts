/**
 * Which `$all` filter the server applies, and what is left for the client to check. KurrentDB applies one
 * filter per read (on stream names or on event types), so when a read asks for both categories and types the
 * category filter runs on the server and the type filter here.
 */
import type { NormalizedReadAll } from '@ikm-ledger/core/adapter'
import { eventTypeFilter, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client'

// Our stream ids are `<category>-<id>` with a lowercase category; system streams start with `$`.
const OUR_STREAMS = '^[a-z][a-z0-9]{0,39}-'

export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A server filter and the checks the client still makes on every event it receives. */
export interface FilterPlan {
  readonly server: Filter
  /** True when the event (server stream name, type) belongs to the read. */
  readonly accepts: (streamName: string, type: string) => boolean
}

/**
 * The plan for a read of `$all` within a namespace (a prefix of every server stream name; `''` for none).
 * Only streams named like our stream ids pass: system events (streams and types starting with `$`) and the
 * store's own bookkeeping streams (`_eventid-…`) never do.
 */
export const filterPlanOf = (
  namespace: string,
  options: Pick<NormalizedReadAll, 'categories' | 'types'>,
  checkpoint: Partial<Pick<Filter, 'checkpointReached' | 'checkpointInterval'>> = {},
): FilterPlan => {
  const categories = options.categories
  const types = options.types === undefined ? undefined : new Set(options.types)
  const prefixes = categories?.map((category) => `${namespace}${category}-`)
  const accepts = (streamName: string, type: string): boolean => {
    if (streamName.startsWith('$') || type.startsWith('$') || !streamName.startsWith(namespace)) return false
    if (prefixes !== undefined && !prefixes.some((prefix) => streamName.startsWith(prefix))) return false
    if (types !== undefined && !types.has(type)) return false
    return new RegExp(OUR_STREAMS).test(streamName.slice(namespace.length))
  }
  const server: Filter =
    prefixes !== undefined
      ? streamNameFilter({ prefixes, ...checkpoint })
      : namespace !== ''
        ? streamNameFilter({ regex: `^${escapeRegex(namespace)}${OUR_STREAMS.slice(1)}`, ...checkpoint })
        : types !== undefined
          ? eventTypeFilter({ regex: `^(?:${[...types].map(escapeRegex).join('|')})$`, ...checkpoint })
          : streamNameFilter({ regex: OUR_STREAMS, ...checkpoint })
  return { server, accepts }
}
