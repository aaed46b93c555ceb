/**
 * Rows as JSON: bigints (rupiah, quantities) are written as `{"$bigint":"123"}` so they come back as bigints,
 * never as floats; `undefined` fields are left out.
 */

const TAG = '$bigint'

export const encodeRow = (row: unknown): string =>
  JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? { [TAG]: value.toString(10) } : value))

/** Restores bigints in a value already parsed from JSON (pg parses `jsonb` itself). */
export const reviveRow = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reviveRow)
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length === 1 && keys[0] === TAG && typeof record[TAG] === 'string') return BigInt(record[TAG])
  const out: Record<string, unknown> = {}
  for (const key of keys) out[key] = reviveRow(record[key])
  return out
}

export const decodeRow = (text: string): unknown => reviveRow(JSON.parse(text))
