/** Plain-text tables for terminals and logs: left-aligned text, right-aligned numbers, two spaces apart. */

export interface Column {
  readonly header: string
  readonly align?: 'left' | 'right'
}

const width = (text: string): number => [...text].length

const pad = (text: string, size: number, align: 'left' | 'right'): string => {
  const gap = ' '.repeat(Math.max(0, size - width(text)))
  return align === 'right' ? gap + text : text + gap
}

export const textTable = (columns: ReadonlyArray<Column>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const sizes = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: ReadonlyArray<string>) =>
    columns
      .map((c, i) => pad(cells[i] ?? '', sizes[i] ?? 0, c.align ?? 'left'))
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.header)), sizes.map((s) => '-'.repeat(s)).join('  '), ...rows.map(line)].join('\n')
}
