import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
const entries = [resolve(here, '../src/index.ts'), resolve(here, '../src/domain/index.ts')]

// Follows the entry points' re-exports with the compiler, the way a consumer sees the package, and returns every
// exported symbol with the declarations behind it.
const publicSymbols = () => {
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  })
  const checker = program.getTypeChecker()
  const found = new Map<string, ts.Declaration[]>()
  for (const entry of entries) {
    const source = program.getSourceFile(entry)
    if (source === undefined) throw new Error(`cannot load ${entry}`)
    const moduleSymbol = checker.getSymbolAtLocation(source)
    if (moduleSymbol === undefined) continue
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      found.set(exported.getName(), target.getDeclarations() ?? [])
    }
  }
  return found
}

const docOf = (declaration: ts.Declaration): string => {
  const node = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration
  const text = node.getSourceFile().getFullText()
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []
  return ranges.map((r) => text.slice(r.pos, r.end)).join('\n')
}

describe('the public API of @ikm-ledger/core', () => {
  const symbols = publicSymbols()

  it('exports the kernel and the domain', () => {
    expect(symbols.has('canonicalJson')).toBe(true)
    expect(symbols.has('storeErrorMessage')).toBe(true)
    expect(symbols.has('ruleViolation')).toBe(true)
  })

  it('documents every export with its purpose and a @since tag', () => {
    const undocumented: string[] = []
    for (const [name, declarations] of symbols) {
      const documented = declarations.some((d) => {
        const doc = docOf(d)
        return /\/\*\*[\s\S]*?@since/.test(doc) && /\/\*\*\s*\n?\s*\*?\s*[A-Za-z`'"(@]/.test(doc)
      })
      if (!documented) {
        const where = declarations[0]?.getSourceFile().fileName.replace(/.*packages\/core\//, '') ?? '?'
        undocumented.push(`${name} (${where})`)
      }
    }
    expect(undocumented, `exports without a doc comment carrying @since:\n${undocumented.join('\n')}`).toEqual([])
  })

  it('keeps the kernel free of the domain', () => {
    const kernelFiles = ts.sys.readDirectory(resolve(here, '../src/kernel'), ['.ts'])
    const offenders = kernelFiles.filter((file) => /from '\.\.?\/(\.\.\/)*domain/.test(readFileSync(file, 'utf8')))
    expect(offenders).toEqual([])
  })
})
