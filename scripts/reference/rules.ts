/**
 * Which rules (R1–R30) a command can break: read from the domain's source with the TypeScript parser. A command's
 * rules are the rule codes written in its `case` of its aggregate's decide switch and in every domain function
 * that case calls, directly or through other domain functions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const domainDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'core', 'src', 'domain')

const sourceFiles = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : []
  })

interface Parsed {
  readonly path: string
  readonly file: ts.SourceFile
  /** Top-level `const name = …` and `function name` declarations of the file. */
  readonly functions: ReadonlyMap<string, ts.Node>
}

const parse = (path: string): Parsed => {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true)
  const functions = new Map<string, ts.Node>()
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer !== undefined) functions.set(d.name.text, d.initializer)
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
      functions.set(statement.name.text, statement)
    }
  }
  return { path, file, functions }
}

const RULE = /^R\d{1,2}$/

/** Rule codes and called identifiers inside a node. */
const scan = (node: ts.Node): { readonly rules: Set<string>; readonly calls: Set<string> } => {
  const rules = new Set<string>()
  const calls = new Set<string>()
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && RULE.test(n.text)) rules.add(n.text)
    if (ts.isIdentifier(n)) calls.add(n.text)
    ts.forEachChild(n, visit)
  }
  visit(node)
  return { rules, calls }
}

const sortRules = (rules: Iterable<string>): ReadonlyArray<string> =>
  [...rules].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))

/**
 * The rules each command of an aggregate can break, by command type. `commandTypes` are the aggregate's command
 * types (so switches over event types are not mistaken for the decide switch).
 */
export const rulesByCommand = (
  category: string,
  commandTypes: ReadonlySet<string>,
): ReadonlyMap<string, ReadonlyArray<string>> => {
  const files = sourceFiles(domainDir).map(parse)
  const own = files.filter((f) => f.path.includes(`${join('domain', category)}/`) || f.path.includes('/internal/'))
  const lookup = (name: string, from: Parsed): ts.Node | undefined =>
    from.functions.get(name) ?? files.find((f) => f.functions.has(name))?.functions.get(name)

  const closure = (start: ts.Node, from: Parsed): Set<string> => {
    const rules = new Set<string>()
    const seen = new Set<ts.Node>()
    const queue: Array<readonly [ts.Node, Parsed]> = [[start, from]]
    while (queue.length > 0) {
      const [node, at] = queue.pop()!
      if (seen.has(node)) continue
      seen.add(node)
      const found = scan(node)
      for (const rule of found.rules) rules.add(rule)
      for (const name of found.calls) {
        const target = lookup(name, at)
        if (target !== undefined && !seen.has(target)) {
          queue.push([target, files.find((f) => f.functions.get(name) === target) ?? at])
        }
      }
    }
    return rules
  }

  const result = new Map<string, Set<string>>()
  for (const parsed of own.filter((f) => f.path.includes(`${join('domain', category)}/`))) {
    const visit = (n: ts.Node): void => {
      if (ts.isSwitchStatement(n)) {
        // Labels that fall through share the body of the next clause that has one.
        let pending: Array<string> = []
        for (const clause of n.caseBlock.clauses) {
          if (ts.isCaseClause(clause) && ts.isStringLiteral(clause.expression)) {
            if (commandTypes.has(clause.expression.text)) pending.push(clause.expression.text)
          }
          if (clause.statements.length > 0 && pending.length > 0) {
            const rules = closure(clause, parsed)
            for (const type of pending) result.set(type, new Set([...(result.get(type) ?? []), ...rules]))
            pending = []
          }
        }
      }
      ts.forEachChild(n, visit)
    }
    visit(parsed.file)
  }
  return new Map([...result].map(([type, rules]) => [type, sortRules(rules)]))
}
