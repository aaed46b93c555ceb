/**
 * KBLI (Klasifikasi Baku Lapangan Usaha Indonesia) references, always with the edition they come from: the
 * same product can carry different codes in KBLI 2015, 2020 and 2025.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { exactStruct } from './Struct'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The KBLI edition.
 *
 * @category codecs
 * @since 0.1.0
 */
export const KbliVersion = t.keyof({ '2009': null, '2015': null, '2020': null, '2025': null }, 'KbliVersion')

/**
 * @category model
 * @since 0.1.0
 */
export type KbliVersion = t.TypeOf<typeof KbliVersion>

/**
 * A 5-digit KBLI code (`27404`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const KbliCode = t.refinement(t.string, (s) => /^\d{5}$/.test(s), 'KbliCode')

/**
 * A KBLI reference: edition, 5-digit code, and the title as the source printed it.
 *
 * @category codecs
 * @since 0.1.0
 */
export const KbliRef = exactStruct({ version: KbliVersion, code: KbliCode }, { titleAtEvent: t.string }, 'KbliRef')

/**
 * @category model
 * @since 0.1.0
 */
export type KbliRef = t.TypeOf<typeof KbliRef>
