import {
  type ExtractAggregates,
  type SegmentKey,
  type SettingMapping,
  qualityReport,
} from '../../../shared/core/dataProfile/index.ts';
import type { Segmentation } from '../../../shared/core/dataProfile/index.ts';

/* A tiny extract's aggregates with every figure chosen by hand, so the tests can work each published figure out
 * on paper: two age bands (0-64, 65+), levels of need, two lines, two practices, two years. */

export const SEGMENTATION: Segmentation = {
  ageBands: [{ from: 0, to: 64 }, { from: 65 }],
  bySex: false,
  byImd: false,
  byNeed: true,
};

export const MAPPING: SettingMapping = {
  mappingVersion: 1,
  settings: [
    { code: 'GP', category: 'core_primary_medical', urgent: false, ongoing: false },
    { code: 'EL', category: 'acute_elective', urgent: false, ongoing: false },
  ],
};

const key = (band: number, need: number): SegmentKey => ({ band, sex: null, imd: null, need });

const segment = (
  year: string,
  band: number,
  need: number,
  people: number,
  spend: number,
  zero = 0,
  sumSquares = 0,
) => ({
  year,
  key: key(band, need),
  people,
  personYears: people,
  spend,
  events: people * 2,
  zeroPersonYears: zero,
  sumSquares,
});

const line = (year: string, band: number, need: number, lineId: string, users: number, spend: number) => ({
  year,
  key: key(band, need),
  line: lineId,
  users,
  events: users * 3,
  spend,
});

export function tinyAggregates(): ExtractAggregates {
  const base = '2024/25';
  const prior = '2023/24';
  return {
    years: [prior, base],
    files: [
      { name: 'people.csv', kind: 'people', format: 'csv', bytes: 100 },
      { name: 'activity.csv', kind: 'activity', format: 'csv', bytes: 1000 },
    ],
    quality: qualityReport(
      { rowsRead: 200, byReason: [{ reason: 'missing_age', rows: 5, examples: [{ file: 'people.csv' }] }] },
      { rowsRead: 1000, byReason: [] },
      0.05,
    ),
    segmentYears: [
      // Base year: 0-64 level 1 and 2, 65+ level 3 and 4 (only 5 people: withheld).
      segment(base, 0, 1, 100, 20_000, 40, 100 * 300 ** 2),
      segment(base, 0, 2, 50, 25_000, 0, 50 * 700 ** 2),
      segment(base, 1, 3, 40, 60_000, 0, 40 * 2_000 ** 2),
      segment(base, 1, 4, 5, 50_000, 0, 5 * 12_000 ** 2),
      segment(prior, 0, 1, 100, 18_000),
      segment(prior, 0, 2, 50, 22_000),
      segment(prior, 1, 3, 40, 55_000),
      segment(prior, 1, 4, 5, 45_000),
    ],
    segmentLineYears: [
      line(base, 0, 1, 'core_primary_medical', 60, 12_000),
      line(base, 0, 1, 'acute_elective', 10, 8_000),
      line(base, 0, 2, 'core_primary_medical', 50, 5_000),
      line(base, 0, 2, 'acute_elective', 3, 20_000),
      line(base, 1, 3, 'core_primary_medical', 40, 30_000),
      line(base, 1, 3, 'acute_elective', 20, 30_000),
      line(base, 1, 4, 'core_primary_medical', 5, 10_000),
      line(base, 1, 4, 'acute_elective', 4, 40_000),
      line(prior, 0, 1, 'core_primary_medical', 60, 11_000),
      line(prior, 0, 1, 'acute_elective', 10, 7_000),
      line(prior, 0, 2, 'core_primary_medical', 50, 4_000),
      line(prior, 0, 2, 'acute_elective', 9, 18_000),
      line(prior, 1, 3, 'core_primary_medical', 40, 25_000),
      line(prior, 1, 3, 'acute_elective', 20, 30_000),
      line(prior, 1, 4, 'core_primary_medical', 5, 9_000),
      line(prior, 1, 4, 'acute_elective', 4, 36_000),
    ],
    levelYears: [
      { year: base, level: 1, people: 100, personYears: 100, spend: 20_000 },
      { year: base, level: 2, people: 50, personYears: 50, spend: 25_000 },
      { year: base, level: 3, people: 40, personYears: 40, spend: 60_000 },
      { year: base, level: 4, people: 5, personYears: 5, spend: 50_000 },
    ],
    practiceSegments: [
      { practice: 'P1', key: key(0, 1), people: 60, personYears: 60, spend: 12_000 },
      { practice: 'P1', key: key(0, 2), people: 30, personYears: 30, spend: 15_000 },
      { practice: 'P1', key: key(1, 3), people: 20, personYears: 20, spend: 30_000 },
      { practice: 'P2', key: key(0, 1), people: 40, personYears: 40, spend: 8_000 },
      { practice: 'P2', key: key(0, 2), people: 20, personYears: 20, spend: 10_000 },
      { practice: 'P2', key: key(1, 3), people: 20, personYears: 20, spend: 30_000 },
      { practice: 'P2', key: key(1, 4), people: 5, personYears: 5, spend: 50_000 },
    ],
    practiceLines: [
      { practice: 'P1', line: 'core_primary_medical', users: 90, events: 270, spend: 23_000 },
      { practice: 'P1', line: 'acute_elective', users: 20, events: 60, spend: 34_000 },
      { practice: 'P2', line: 'core_primary_medical', users: 65, events: 195, spend: 34_000 },
      { practice: 'P2', line: 'acute_elective', users: 17, events: 51, spend: 64_000 },
    ],
    settings: [
      { code: 'GP', users: 155, events: 465, spend: 57_000 },
      { code: 'EL', users: 37, events: 111, spend: 98_000 },
    ],
    distribution: {
      people: 195,
      personYears: 195,
      spend: 155_000,
      zeroPersonYears: 40,
      percentiles: [
        { p: 0.5, value: 300, peopleAbove: 97 },
        { p: 0.9, value: 2_500, peopleAbove: 19 },
        { p: 0.99, value: 12_000, peopleAbove: 1 },
      ],
      topShares: [
        { q: 0.01, share: 0.3, people: 2 },
        { q: 0.05, share: 0.5, people: 10 },
        { q: 0.5, share: 0.97, people: 98 },
      ],
      tail: { quantile: 0.9, threshold: 2_500, people: 20, personYears: 20, sumLogExcess: 10 },
      attachments: [
        { attachment: 25_000, people: 3, excess: 30_000 },
        { attachment: 50_000, people: 0, excess: 0 },
      ],
    },
    practices: [
      { code: 'P1', name: 'Practice One', pcnCode: 'U1', pcnName: 'North PCN', needIndex: 1.2 },
      { code: 'P2', name: 'Practice Two', needIndex: 0.8 },
    ],
    needIndexSource: 'test practices',
  };
}
