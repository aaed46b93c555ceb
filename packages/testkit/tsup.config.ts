import { packageBuild } from '../../tsup.shared'

// ESM only: the suites import vitest, which refuses to load under require(); a CommonJS build could never run.
export default packageBuild({ index: 'src/index.ts', seeds: 'src/Seeds.ts' }, { format: ['esm'] })
