/**
 * Reads an io-ts codec's structure (its `_tag`, props, member types) to list its fields and build an example value.
 * Only the stable root API's runtime types are known; a custom codec shows under its name.
 */
import type * as t from 'io-ts'

export interface Field {
  readonly path: string
  readonly type: string
  readonly required: boolean
}

interface Node {
  readonly _tag?: string
  readonly name: string
  readonly props?: Readonly<Record<string, Node>>
  readonly type?: Node
  readonly types?: ReadonlyArray<Node>
  readonly value?: unknown
  readonly keys?: Readonly<Record<string, unknown>>
  readonly codomain?: Node
}

const asNode = (codec: t.Mixed): Node => codec as unknown as Node

/** Wrappers that add no shape of their own. */
const unwrap = (node: Node): Node =>
  node._tag === 'ExactType' || node._tag === 'ReadonlyType' || node._tag === 'RecursiveType' ? unwrap(node.type!) : node

/** The object members of a codec: each prop with whether it is required, through intersections. */
const membersOf = (node: Node): ReadonlyArray<readonly [string, Node, boolean]> | undefined => {
  const inner = unwrap(node)
  switch (inner._tag) {
    case 'InterfaceType':
      return Object.entries(inner.props!).map(([k, v]) => [k, v, true] as const)
    case 'PartialType':
      return Object.entries(inner.props!).map(([k, v]) => [k, v, false] as const)
    case 'IntersectionType': {
      const parts = inner.types!.map(membersOf)
      return parts.every((p) => p !== undefined) ? parts.flat() : undefined
    }
    default:
      return undefined
  }
}

const literalText = (value: unknown): string => JSON.stringify(value)

/** A short type description: literals and keyofs spelled out, refinements and brands by their name. */
export const typeText = (codec: t.Mixed): string => {
  const node = unwrap(asNode(codec))
  switch (node._tag) {
    case 'LiteralType':
      return literalText(node.value)
    case 'KeyofType':
      return Object.keys(node.keys!).map(literalText).join(' | ')
    case 'UnionType':
      return node.types!.every((m) => unwrap(m)._tag === 'LiteralType' || unwrap(m)._tag === 'KeyofType')
        ? node.types!.map((m) => typeText(m as unknown as t.Mixed)).join(' | ')
        : `one of: ${node.types!.map((m) => nameOf(m)).join(', ')}`
    case 'ReadonlyArrayType':
    case 'ArrayType':
      return `array of ${typeText(node.type as unknown as t.Mixed)}`
    case 'StringType':
      return 'string'
    case 'NumberType':
      return 'number'
    case 'BooleanType':
      return 'boolean'
    case 'NullType':
      return 'null'
    case 'DictionaryType':
      return `record of ${typeText(node.codomain as unknown as t.Mixed)}`
    case 'InterfaceType':
    case 'PartialType':
    case 'IntersectionType':
      return 'object'
    default:
      return nameOf(node)
  }
}

// io-ts names anonymous structs by their whole shape ("{ a: string, … }"); those are shown as "object".
const nameOf = (node: Node): string => (node.name.startsWith('{') || node.name.length > 60 ? 'object' : node.name)

/** Every field of a codec as a dotted path (`[]` for array items), nested objects expanded. */
export const describeCodec = (codec: t.Mixed, path: string, depth = 0): ReadonlyArray<Field> => {
  const members = membersOf(asNode(codec))
  if (members === undefined || depth > 6) return [{ path, type: typeText(codec), required: true }]
  const fields: Array<Field> = []
  for (const [key, member, required] of members) {
    const at = `${path}.${key}`
    const inner = unwrap(member)
    const item =
      inner._tag === 'ReadonlyArrayType' || inner._tag === 'ArrayType' ? (inner.type as Node | undefined) : undefined
    fields.push({ path: at, type: typeText(member as unknown as t.Mixed), required })
    const nested = item ?? member
    const nestedPath = item === undefined ? at : `${at}[]`
    if (membersOf(nested) !== undefined) {
      for (const field of describeCodec(nested as unknown as t.Mixed, nestedPath, depth + 1)) fields.push(field)
    }
  }
  return fields
}

// Values for the named refinements and brands the domain uses; anything else gets a placeholder in angle brackets.
const SAMPLES: Readonly<Record<string, unknown>> = {
  CivilDate: '2020-04-02',
  Instant: '2020-04-02T03:00:00.000Z',
  NonBlankString: 'text',
  Count: 1,
  PositiveCount: 1,
  BigIntFromString: '150000000',
  Rupiah: '150000000',
  PositiveRupiah: '150000000',
  FiscalYear: 2020,
  BasisPoints: 5000,
  QuantityValue: '10',
}

/** An example value of a codec: required fields only, first union member, samples for known names. */
export const exampleOf = (codec: t.Mixed, depth = 0): unknown => {
  const node = unwrap(asNode(codec))
  if (node.name in SAMPLES) return SAMPLES[node.name]
  const members = membersOf(node)
  if (members !== undefined) {
    const value: Record<string, unknown> = {}
    for (const [key, member, required] of members) {
      if (required && depth < 8) value[key] = exampleOf(member as unknown as t.Mixed, depth + 1)
    }
    return value
  }
  switch (node._tag) {
    case 'LiteralType':
      return node.value
    case 'KeyofType':
      return Object.keys(node.keys!)[0]
    case 'UnionType':
      return exampleOf(node.types![0] as unknown as t.Mixed, depth)
    case 'ReadonlyArrayType':
    case 'ArrayType':
      return depth < 8 ? [exampleOf(node.type as unknown as t.Mixed, depth + 1)] : []
    case 'RefinementType':
      return exampleOf(node.type as unknown as t.Mixed, depth)
    case 'StringType':
      return 'text'
    case 'NumberType':
      return 1
    case 'BooleanType':
      return true
    case 'NullType':
      return null
    case 'DictionaryType':
      return {}
    default:
      return `<${node.name}>`
  }
}
