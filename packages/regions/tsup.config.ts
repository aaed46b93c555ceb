import { packageBuild } from '../../tsup.shared'

// `shims` gives the CommonJS build an `import.meta.url`, which locates idn-area-data's files.
export default packageBuild({ index: 'src/index.ts' }, { shims: true })
