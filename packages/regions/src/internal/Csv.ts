/**
 * The CSV files of idn-area-data: a header line, comma-separated fields, a field quoted when it holds a comma or
 * a quote (a quote inside doubled). Enough for those files; not a general CSV reader.
 *
 * Internal: not part of the public surface.
 */

const fieldsOf = (line: string): ReadonlyArray<string> => {
  const fields: Array<string> = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      fields.push(field)
      field = ''
    } else field += ch
  }
  fields.push(field)
  return fields
}

/** The rows of a CSV text as records keyed by the header's column names. */
export const parseCsv = (text: string): ReadonlyArray<Readonly<Record<string, string>>> => {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0)
  const [header, ...rows] = lines
  if (header === undefined) return []
  const columns = fieldsOf(header)
  return rows.map((line) => {
    const fields = fieldsOf(line)
    return Object.fromEntries(columns.map((column, i) => [column, fields[i] ?? '']))
  })
}
