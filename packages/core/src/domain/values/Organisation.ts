/**
 * Organisations and officials as they were named at the time of an event.
 *
 * PII rule: officials acting in public office (a bupati, a kepala dinas, a DPR member, a director general) are
 * recorded as printed in the news, because their acts in office are public record. Private persons
 * (participants, group members, instructors hired as individuals) are never named in events: they are ids.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { RegionRef } from './Region'
import { exactStruct } from './Struct'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The kinds of organisation the IKM programs involve.
 *
 * @category codecs
 * @since 0.1.0
 */
export const OrgKind = t.keyof(
  {
    KEMENPERIN: null,
    DITJEN: null,
    DIREKTORAT: null,
    SUBDIREKTORAT: null,
    SATKER: null,
    PEMDA_PROV: null,
    PEMDA_KABKOTA: null,
    DINAS_PROV: null,
    DINAS_KABKOTA: null,
    UPT: null,
    UPTD: null,
    BALAI_DIKLAT: null,
    DPR_RI: null,
    DPRD: null,
    KUB: null,
    KOPERASI: null,
    KUD: null,
    SENTRA_GROUP: null,
    GUGUS_TUGAS: null,
    DINKES: null,
    BPBD: null,
    VENDOR: null,
    AUDITOR: null,
    PUBLIC: null,
    OTHER: null,
  },
  'OrgKind',
)

/**
 * @category model
 * @since 0.1.0
 */
export type OrgKind = t.TypeOf<typeof OrgKind>

/**
 * An organisation: a stable id, its kind, its name as printed at the time, and optionally its region.
 *
 * @category codecs
 * @since 0.1.0
 */
export const OrgRef = exactStruct(
  { orgId: t.string, kind: OrgKind, nameAtEvent: t.string },
  { region: RegionRef },
  'OrgRef',
)

/**
 * @category model
 * @since 0.1.0
 */
export type OrgRef = t.TypeOf<typeof OrgRef>

/**
 * Definitif, or one of the acting statuses: Plt (pelaksana tugas), Pjs (pejabat sementara), Pj (penjabat),
 * Plh (pelaksana harian).
 *
 * @category codecs
 * @since 0.1.0
 */
export const ActingStatus = t.keyof({ DEFINITIF: null, PLT: null, PJS: null, PJ: null, PLH: null }, 'ActingStatus')

/**
 * @category model
 * @since 0.1.0
 */
export type ActingStatus = t.TypeOf<typeof ActingStatus>

/**
 * How an official took part.
 *
 * @category codecs
 * @since 0.1.0
 */
export const Attendance = t.keyof({ IN_PERSON: null, VIRTUAL: null }, 'Attendance')

/**
 * @category model
 * @since 0.1.0
 */
export type Attendance = t.TypeOf<typeof Attendance>

/**
 * An official in public office, as printed: name and position at the event, organisation, acting status, how
 * they attended, who represented them ("diwakili", "melalui"), and whether the title was verified (S1's
 * "Dirjen … Endang Suwartini" is stored with `titleVerified: false`).
 *
 * @category model
 * @since 0.1.0
 */
export interface OfficialRef {
  readonly nameAtEvent: string
  readonly positionAtEvent: string
  readonly org: OrgRef
  readonly acting?: ActingStatus
  readonly attendance?: Attendance
  readonly representedBy?: OfficialRef
  readonly titleVerified?: boolean
  readonly aliasesAtEvent?: ReadonlyArray<string>
}

/**
 * The JSON form of an {@link OfficialRef}.
 *
 * @category model
 * @since 0.1.0
 */
export interface OfficialRefEncoded {
  readonly nameAtEvent: string
  readonly positionAtEvent: string
  readonly org: t.OutputOf<typeof OrgRef>
  readonly acting?: ActingStatus
  readonly attendance?: Attendance
  readonly representedBy?: OfficialRefEncoded
  readonly titleVerified?: boolean
  readonly aliasesAtEvent?: ReadonlyArray<string>
}

/**
 * Codec for {@link OfficialRef} (recursive through `representedBy`).
 *
 * @category codecs
 * @since 0.1.0
 */
export const OfficialRef: t.Type<OfficialRef, OfficialRefEncoded, unknown> = t.recursion('OfficialRef', () =>
  exactStruct(
    { nameAtEvent: t.string, positionAtEvent: t.string, org: OrgRef },
    {
      acting: ActingStatus,
      attendance: Attendance,
      representedBy: OfficialRef,
      titleVerified: t.boolean,
      aliasesAtEvent: t.readonlyArray(t.string),
    },
    'OfficialRef',
  ),
)
