import { defineConfig, type Options } from 'tsup'

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
    ...overrides,
  })
