/**
 * `ikm-ledger report <program>` / `ikm-ledger report --all`: a working paper as HTML (one self-contained page),
 * Markdown or JSON, in Indonesian or English, as of a date and/or as known at an instant, with its evidence
 * block: the SHA-256 of the data read from the SQLite file (with its write-ahead log applied on a copy when it has
 * one; see `internal/SourceDigest`), the stream heads, and the checkpoint of the log (a signed one given
 * with `--checkpoint`, checked against the store, or else the unsigned root as read).
 */
import { writeFileSync } from 'node:fs'
import * as E from 'fp-ts/Either'
import { bytesToHex, projectionErrorMessage, type EventStore } from '@ikm-ledger/core'
import {
  ledgerReport,
  programReport,
  reportHtml,
  reportJson,
  reportMarkdown,
  type Report,
  type ReportCheckpoint,
  type ReportLang,
} from '@ikm-ledger/projections'
import type { CliIo } from '../Cli'
import { choiceOption, parseOptions, UsageError } from '../internal/Args'
import type { Command } from '../internal/Context'
import { loadCheckpoint, logOfStore } from '../internal/Integrity'
import { storeFailure } from '../internal/Output'
import { startSourceDigest } from '../internal/SourceDigest'
import { resolveStream } from '../internal/Streams'
import { boundsOf } from './ReadModel'

export const REPORT_USAGE =
  'ikm-ledger report <programId> | --all [--as-of YYYY-MM-DD] [--as-known-at ISO-INSTANT] [--format html|md|json] [--lang id|en] [--checkpoint cp.json] [--out FILE]'

type ReportFormat = 'html' | 'md' | 'json'

const FORMATS: ReadonlyArray<ReportFormat> = ['html', 'md', 'json']

/** The format asked for, else the one the output file's extension names, else HTML. */
const formatOf = (given: string | undefined, out: string | undefined): ReportFormat => {
  if (given !== undefined) return choiceOption('format', given === 'markdown' ? 'md' : given, FORMATS, 'html')
  const extension = out?.toLowerCase().match(/\.(html?|md|markdown|json)$/)?.[1]
  return extension === 'json' ? 'json' : extension === 'md' || extension === 'markdown' ? 'md' : 'html'
}

/** A store URL without its password, as the report names its source. */
const sourceName = (storeUrl: string): string => storeUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@')

export const render = (report: Report, format: ReportFormat, lang: ReportLang): string =>
  format === 'json'
    ? reportJson(report, lang)
    : format === 'md'
      ? reportMarkdown(report, lang)
      : reportHtml(report, lang)

/**
 * The checkpoint the report rests on: a signed one given with `--checkpoint` (its signature checked, and its root
 * recomputed from this store), else the unsigned root of the whole log as read. `Left` is the exit code.
 */
const checkpointOf = async (
  store: EventStore,
  io: CliIo,
  storeUrl: string,
  path: string | undefined,
): Promise<E.Either<number, ReportCheckpoint>> => {
  const signed = path === undefined ? undefined : loadCheckpoint(path)
  if (signed !== undefined && E.isLeft(signed)) {
    io.err(`FAILED: ${signed.left}`)
    return E.left(1)
  }
  const log = await logOfStore(store)
  if (E.isLeft(log)) return E.left(storeFailure(io, log.left))
  if (signed === undefined) {
    const root = log.right.merkle.root()
    if (E.isLeft(root)) {
      io.err(`error: ${root.left}`)
      return E.left(3)
    }
    return E.right({
      treeSize: BigInt(log.right.size()),
      rootHash: bytesToHex(root.right),
      keyId: null,
      lastPosition: log.right.lastPosition(),
    })
  }
  const checkpoint = signed.right
  const root = checkpoint.treeSize > log.right.size() ? undefined : log.right.merkle.root(checkpoint.treeSize)
  if (root === undefined || E.isLeft(root) || bytesToHex(root.right) !== checkpoint.rootHash) {
    io.err(
      `FAILED: the checkpoint ${path} (${checkpoint.treeSize} events, root ${checkpoint.rootHash}) does not match this ` +
        `store (${log.right.size()} events${root !== undefined && E.isRight(root) ? `, root ${bytesToHex(root.right)} at that size` : ''}); ` +
        `run 'ikm-ledger verify --against ${path}' to see what changed`,
    )
    return E.left(1)
  }
  return E.right({
    treeSize: BigInt(checkpoint.treeSize),
    rootHash: checkpoint.rootHash,
    keyId: checkpoint.keyId,
    lastPosition: checkpoint.lastPosition,
  })
}

export const reportCommand: Command = async ({ store, io, storeUrl, progress }, args) => {
  const { values, positionals } = parseOptions(
    args,
    {
      all: { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      'as-known-at': { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string' },
      checkpoint: { type: 'string' },
    },
    { min: 0, max: 1, usage: REPORT_USAGE },
  )
  const bounds = boundsOf(values)
  const format = formatOf(values.format, values.out)
  const lang = choiceOption('lang', values.lang, ['id', 'en'], 'id')
  const given = positionals[0]
  if (given === undefined && !values.all) {
    throw new UsageError(
      'report needs a program id (ikm-ledger report prg-muba-led-2020) or --all for the whole ledger',
    )
  }
  if (given !== undefined && values.all) throw new UsageError('give either a program id or --all, not both')
  let programId: string | undefined
  if (given !== undefined) {
    const streamId = given.includes('-') && given.startsWith('program-') ? given : `program-${given}`
    if (/^(equipment|facility|proposal|group)-/.test(given)) {
      throw new UsageError(`report takes a program id; '${given}' is a ${given.slice(0, given.indexOf('-'))} stream`)
    }
    const resolved = await resolveStream(store, streamId)
    if (E.isLeft(resolved)) return storeFailure(io, resolved.left)
    programId = resolved.right.slice('program-'.length)
  }
  // Taken before anything is read, the checkpoint's root included, and compared with the files after.
  const digest = startSourceDigest(storeUrl)
  const checkpoint = await checkpointOf(store, io, storeUrl, values.checkpoint)
  if (E.isLeft(checkpoint)) {
    digest.discard()
    return checkpoint.left
  }
  const head = await store.headPosition()()
  const bar = progress('report', E.isRight(head) ? Number(head.right) : 0, 'events')
  const options = {
    bounds,
    source: sourceName(storeUrl),
    checkpoint: checkpoint.right,
    onBatch: (position: bigint) => bar.update(Number(position)),
  }
  const built = await (
    programId === undefined ? ledgerReport(store, options) : programReport(store, programId, options)
  )()
  bar.stop()
  const source = digest.finish()
  if (source.state === 'CHANGED_WHILE_READ') {
    io.err('warning: the store file changed while the report was read; its evidence block names no hash of the data')
  }
  // The digest is known only once the read is over, so it joins the report's evidence afterwards.
  const report = E.map((r: Report): Report => ({
    ...r,
    evidence: { ...r.evidence, sourceSha256: source.sha256, sourceState: source.state, sourceFiles: source.files },
  }))(built)
  if (E.isLeft(report)) {
    io.err(`error: ${projectionErrorMessage(report.left)}`)
    return report.left._tag === 'InvalidProjection' ? 2 : 3
  }
  const text = render(report.right, format, lang)
  if (values.out === undefined) io.out(text.replace(/\n$/, ''))
  else {
    writeFileSync(values.out, text)
    io.err(`report written to ${values.out} (${format}, ${lang})`)
  }
  return 0
}
