import { defineConfig, type Options } from 'tsup'

/**
 * fp-ts 2.x ships no `exports` map, so Node's ESM resolver refuses `fp-ts/Either` (a directory import). The
 * sources keep the idiomatic module paths; the built JavaScript names the CommonJS files (`fp-ts/lib/Either.js`),
 * which both `import` and `require` load. The declarations keep `fp-ts/Either`: TypeScript resolves it to the same
 * `lib/Either.d.ts` under every module resolution.
 */
const fullySpecifiedFpTs = {
  name: 'fully-specified-fp-ts',
  renderChunk: (code: string) => ({ code: code.replace(/(["'])fp-ts\/([A-Za-z]+)\1/g, '$1fp-ts/lib/$2.js$1') }),
}

/**
 * The one build recipe every published package uses: ESM + CJS, `.d.ts`/`.d.cts`, sourcemaps, Node 20.
 * A package passes its entry points; everything else stays the same across the monorepo.
 */
export const packageBuild = (entry: Record<string, string> | ReadonlyArray<string>, overrides: Options = {}) =>
  defineConfig({
    entry: Array.isArray(entry) ? [...entry] : (entry as Record<string, string>),
    format: ['esm', 'cjs'],
    // Declarations are built against the dependencies' published types (dist), not their sources: the source
    // condition and `composite` serve `tsc -b` and the tests, not the build of one package.
    dts: { compilerOptions: { composite: false, incremental: false, declarationMap: false, customConditions: [] } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    outDir: 'dist',
    plugins: [fullySpecifiedFpTs],
    ...overrides,
  })
