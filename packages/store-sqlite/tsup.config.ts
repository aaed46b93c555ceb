import { packageBuild } from '../../tsup.shared'

// The append worker is an entry of its own: `appendIn: 'worker'` starts it from dist/internal/. `shims` gives the
// CommonJS build the import.meta.url that finds it.
export default packageBuild(
  { index: 'src/index.ts', 'internal/AppendWorker': 'src/internal/AppendWorker.ts' },
  { shims: true },
)
