import * as z from 'zod';
import { plainText, strictObject, unknownKeysMessage } from '../base/index.ts';
import { Id, ServiceCategory } from '../scenario/index.ts';

/* The mapping file: from local setting codes (whatever the extract's activity rows carry) to the scenario's
 * service lines and categories, with two flags the level-of-need rule reads (urgent, ongoing care), and the
 * extract's own column names where they differ from ours. It is data: `pacs data mapping` prints the default as
 * JSON to start a local one from. */

/** Canonical column names of the two kinds of input file. */
export const PEOPLE_COLUMNS = [
  'person_id',
  'practice_code',
  'age',
  'sex',
  'imd_quintile',
  'imd_decile',
  'lsoa',
  'ltc_count',
  'registered_from',
  'registered_to',
] as const;
export const ACTIVITY_COLUMNS = ['person_id', 'activity_date', 'setting', 'cost', 'urgent'] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];
export type ActivityColumn = (typeof ACTIVITY_COLUMNS)[number];

const ColumnName = plainText({ max: 128 });

/** Our column name -> the extract's; a key that is not one of ours is named, with the one meant if close. */
const columnNames = <const T extends readonly [string, ...string[]]>(ours: T) =>
  z.partialRecord(z.enum(ours), ColumnName, {
    // zod reports a key outside the enum as unrecognized_keys, although the record's own issue types omit it.
    error: (issue) => {
      const { code, keys } = issue as { code: string; keys?: string[] };
      return code === 'unrecognized_keys' && keys ? unknownKeysMessage(keys, ours) : undefined;
    },
  });

export const SettingEntry = strictObject({
  /** The local code as it appears in the activity file (matched ignoring case and surrounding spaces). */
  code: plainText({ max: 64, trim: true }),
  /** Service line id in the scenario; defaults to the category. */
  line: Id.optional(),
  category: ServiceCategory,
  name: plainText({ max: 200 }).optional(),
  /** Rows of this setting count as urgent contacts unless the row's own urgent flag says otherwise. */
  urgent: z.boolean().default(false),
  /** Rows of this setting count as ongoing-care contacts (level-of-need rule). */
  ongoing: z.boolean().default(false),
});
export type SettingEntry = z.output<typeof SettingEntry>;

export const SettingMapping = strictObject({
  mappingVersion: z.literal(1),
  description: plainText({ max: 2000, allowEmpty: true, multiline: true }).optional(),
  /** The extract's column names where they differ from the canonical ones. */
  columns: strictObject({
    people: columnNames(PEOPLE_COLUMNS).optional(),
    activity: columnNames(ACTIVITY_COLUMNS).optional(),
    /** Columns of the people file holding one long-term condition flag each (1/0, Y/N, true/false); their sum
     *  is the long-term-condition count when there is no ltc_count column. */
    ltcFlags: z.array(ColumnName).optional(),
  }).optional(),
  settings: z.array(SettingEntry).min(1),
});
export type SettingMapping = z.output<typeof SettingMapping>;
export type SettingMappingInput = z.input<typeof SettingMapping>;

/** A service line of the profile: the distinct `line` values of the mapping. */
export interface ProfileLine {
  id: string;
  category: ServiceCategory;
  name: string;
}

export interface ResolvedSetting {
  /** Upper-cased, trimmed code. */
  code: string;
  name: string;
  line: string;
  urgent: boolean;
  ongoing: boolean;
}

export interface ResolvedMapping {
  settings: ResolvedSetting[];
  lines: ProfileLine[];
  columns: { people: Record<PeopleColumn, string>; activity: Record<ActivityColumn, string> };
  ltcFlags: string[];
}

export const CATEGORY_NAMES: Record<ServiceCategory, string> = {
  core_primary_medical: 'Core primary medical care',
  other_primary_care: 'Other primary care',
  community: 'Community health services',
  mental_health: 'Mental health',
  acute_elective: 'Acute elective',
  acute_non_elective: 'Acute non-elective',
  urgent_care: 'A&E and urgent care',
  outpatients: 'Outpatients',
  maternity: 'Maternity',
  prescribing: 'Prescribing',
  continuing_healthcare: 'NHS continuing healthcare',
  social_care: 'Social care',
  public_health: 'Public health',
  specialised: 'Specialised services',
  high_cost_drugs_devices: 'High-cost drugs and devices',
};

/** Checks what the schema cannot (codes unique ignoring case, one category per line) and fills the defaults.
 *  Throws a list of problems, each with the path of the entry at fault. */
export function resolveMapping(
  mapping: SettingMapping,
): ResolvedMapping | { problems: { path: string; message: string }[] } {
  const problems: { path: string; message: string }[] = [];
  const codes = new Map<string, number>();
  const lines = new Map<string, ProfileLine>();
  const settings = mapping.settings.map((s, i): ResolvedSetting => {
    const code = s.code.trim().toUpperCase();
    const first = codes.get(code);
    if (first !== undefined)
      problems.push({
        path: `settings[${i}].code`,
        message: `"${s.code}" repeats settings[${first}] (codes ignore case)`,
      });
    else codes.set(code, i);
    const line = s.line ?? s.category;
    const known = lines.get(line);
    if (known && known.category !== s.category)
      problems.push({
        path: `settings[${i}].category`,
        message: `line "${line}" is already ${known.category}; one line has one category`,
      });
    if (!known) lines.set(line, { id: line, category: s.category, name: CATEGORY_NAMES[s.category] });
    return { code, name: s.name ?? s.code, line, urgent: s.urgent, ongoing: s.ongoing };
  });
  if (problems.length > 0) return { problems };
  const people = Object.fromEntries(
    PEOPLE_COLUMNS.map((c) => [c, mapping.columns?.people?.[c] ?? c]),
  ) as Record<PeopleColumn, string>;
  const activity = Object.fromEntries(
    ACTIVITY_COLUMNS.map((c) => [c, mapping.columns?.activity?.[c] ?? c]),
  ) as Record<ActivityColumn, string>;
  return {
    settings,
    lines: [...lines.values()],
    columns: { people, activity },
    ltcFlags: mapping.columns?.ltcFlags ?? [],
  };
}

const entry = (
  code: string,
  category: ServiceCategory,
  name: string,
  flags: { urgent?: boolean; ongoing?: boolean; line?: string } = {},
) => ({
  code,
  category,
  name,
  urgent: flags.urgent ?? false,
  ongoing: flags.ongoing ?? false,
  ...(flags.line ? { line: flags.line } : {}),
});

/** Default mapping for common NHS settings: the national datasets' usual shorthand (SUS admitted patient care by
 *  admission method, outpatients first / follow-up, ECDS A&E, community services, mental health services, primary
 *  care and prescribing, continuing healthcare). Local codes differ: copy this file and edit it. */
export const DEFAULT_MAPPING: SettingMapping = {
  mappingVersion: 1,
  description:
    'Default PACS mapping of common NHS settings to service lines. Urgent: rows count as urgent contacts unless the row says planned. Ongoing: rows count as ongoing-care contacts.',
  settings: [
    entry('APC_EL', 'acute_elective', 'Admitted patient care, elective (incl. day case)'),
    entry('EL', 'acute_elective', 'Elective admission'),
    entry('DC', 'acute_elective', 'Day case'),
    entry('APC_NEL', 'acute_non_elective', 'Admitted patient care, non-elective', { urgent: true }),
    entry('NEL', 'acute_non_elective', 'Non-elective admission', { urgent: true }),
    entry('APC_MAT', 'maternity', 'Maternity admission'),
    entry('MAT', 'maternity', 'Maternity pathway'),
    entry('OP_FA', 'outpatients', 'Outpatient first attendance'),
    entry('OP_FU', 'outpatients', 'Outpatient follow-up', { ongoing: true }),
    entry('OP_PROC', 'outpatients', 'Outpatient procedure'),
    entry('AE', 'urgent_care', 'A&E attendance (ECDS)', { urgent: true }),
    entry('ECDS', 'urgent_care', 'Emergency care attendance', { urgent: true }),
    entry('UTC', 'urgent_care', 'Urgent treatment centre', { urgent: true }),
    entry('111', 'urgent_care', 'NHS 111 and out of hours', { urgent: true }),
    entry('AMB', 'urgent_care', 'Ambulance conveyance', { urgent: true }),
    entry('CHS', 'community', 'Community health services contact', { ongoing: true }),
    entry('CSDS', 'community', 'Community services data set contact', { ongoing: true }),
    entry('MH', 'mental_health', 'Mental health services contact', { ongoing: true }),
    entry('MHSDS', 'mental_health', 'Mental health services data set contact', { ongoing: true }),
    entry('IAPT', 'mental_health', 'Talking therapies', { ongoing: true }),
    entry('MH_IP', 'mental_health', 'Mental health admission'),
    entry('GP', 'core_primary_medical', 'General practice consultation'),
    entry('GP_ENH', 'other_primary_care', 'Enhanced services in primary care', { ongoing: true }),
    entry('PRESC', 'prescribing', 'Primary care prescription item'),
    entry('CHC', 'continuing_healthcare', 'NHS continuing healthcare', { ongoing: true }),
    entry('SPEC', 'specialised', 'Specialised service'),
    entry('HCD', 'high_cost_drugs_devices', 'High-cost drug or device'),
    entry('ASC', 'social_care', 'Adult social care', { ongoing: true }),
    entry('PH', 'public_health', 'Public health service'),
  ],
};
