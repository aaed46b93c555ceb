import { packageBuild } from '../../tsup.shared'

export default packageBuild({ index: 'src/index.ts', 'domain/index': 'src/domain/index.ts' })
