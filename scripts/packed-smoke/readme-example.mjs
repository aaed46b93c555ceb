// Prints the TypeScript block under the README's "A first example" heading, so it is compiled and run as written.
import { readFileSync } from 'node:fs'

const readme = readFileSync(process.argv[2], 'utf8')
const section = readme.split(/^## /m).find((part) => part.startsWith('A first example'))
const block = section === undefined ? undefined : /```ts\n([\s\S]*?)```/.exec(section)
if (block?.[1] === undefined) {
  console.error('README.md has no ```ts block under "## A first example"')
  process.exit(1)
}
process.stdout.write(block[1])
