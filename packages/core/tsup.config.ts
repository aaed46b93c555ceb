import { packageBuild } from '../../tsup.shared'

export default packageBuild({ index: 'src/index.ts', adapter: 'src/adapter.ts', 'domain/index': 'src/domain/index.ts' })
