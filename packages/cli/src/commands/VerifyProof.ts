/** `ikm-ledger verify-proof`: checks an inclusion or consistency proof with nothing but the file. */
import * as E from 'fp-ts/Either'
import { decodeLogProof, verifyLogProof, type LogProof } from '@ikm-ledger/core'
import type { CliIo } from '../Cli'
import { parseOptions } from '../internal/Args'
import { readJson, verifierDeps } from '../internal/Integrity'
import { toJsonLine } from '../internal/Output'

export const VERIFY_PROOF_USAGE = 'ikm-ledger verify-proof PROOF [--key-id ID] [--json]   (no store needed)'

export const verifyProofCommand = (io: CliIo, args: ReadonlyArray<string>): number => {
  const { values, positionals } = parseOptions(
    args,
    { 'key-id': { type: 'string' }, json: { type: 'boolean', default: false } },
    { min: 1, max: 1, usage: VERIFY_PROOF_USAGE },
  )
  const verified = E.flatMap((proof: LogProof) => verifyLogProof(proof, verifierDeps, values['key-id']))(
    E.flatMap(decodeLogProof)(readJson(positionals[0]!, 'the proof')),
  )
  if (values.json) {
    io.out(toJsonLine(E.isRight(verified) ? { ok: true, ...verified.right } : { ok: false, reason: verified.left }))
  } else if (E.isRight(verified)) {
    io.out(`OK (${verified.right.kind}): ${verified.right.statement}; signed by ${verified.right.keyIds.join(', ')}`)
  } else {
    io.err(`FAILED: ${verified.left}`)
  }
  return E.isRight(verified) ? 0 : 1
}
