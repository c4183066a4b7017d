import type { ExtractAggregates } from './aggregates.ts';
import { type Mixture, type SegmentMoments, fitCalibration } from './calibrate.ts';
import { bySegment, cvOfTotals } from './cells.ts';
import type { Disclosure } from './disclosure.ts';
import type { RiskProfile } from './profile.ts';
import { type SegmentKey, type Segmentation, keyString, segmentId } from './segmentation.ts';

/* The calibrated risk model (capitation-method.md B11.1, §3.10): per-segment mean and CV of annualised cost, cost
 * concentration, a tail index above a threshold, people above each stop-loss attachment (B6), the simulation's
 * cost-model parameters fitted to them, and how the fitted model compares with the data. */

export function buildRisk(
  aggs: ExtractAggregates,
  seg: Segmentation,
  keys: readonly SegmentKey[],
  disclosure: Disclosure,
): RiskProfile {
  const base = aggs.years.at(-1)!;
  const rows = bySegment(aggs.segmentYears.filter((r) => r.year === base));
  const d = aggs.distribution;
  const small = (n: number) => disclosure.isSmall(n);

  const moments: SegmentMoments[] = [];
  const bySegmentRisk = keys.map((k) => {
    const id = segmentId(seg, k);
    const r = rows.get(keyString(k))!;
    const cv = cvOfTotals(r);
    const mean = r.personYears > 0 ? r.spend / r.personYears : 0;
    if (!small(r.people) && cv !== null && mean > 0 && r.people >= 2)
      moments.push({
        id,
        personYears: r.personYears,
        mean,
        cv,
        zeroShare: r.zeroPersonYears / r.personYears,
      });
    const withheld = small(r.people);
    return {
      segment: id,
      people: disclosure.count(r.people, 'risk.bySegment', id, 'people'),
      personYears: withheld ? null : disclosure.count(r.personYears, 'risk.bySegment', `${id} person-years`),
      mean: withheld ? null : mean,
      cv: withheld ? null : cv,
    };
  });

  const notes: string[] = [];
  const zeroShare = d.personYears > 0 ? d.zeroPersonYears / d.personYears : 0;
  const tailUsable = !small(d.tail.people) && d.tail.people > 0 && d.tail.sumLogExcess > 0;
  const alpha = tailUsable ? d.tail.personYears / d.tail.sumLogExcess : null;
  if (!tailUsable)
    disclosure.withhold('risk.tail', `above the ${d.tail.quantile} quantile`, 'exceedances below threshold');
  const overallPy = d.personYears;
  const overallMean = overallPy > 0 ? d.spend / overallPy : 0;
  let sumSquares = 0;
  for (const r of rows.values()) sumSquares += r.sumSquares;
  const overallCv =
    overallMean > 0
      ? Math.sqrt(Math.max(sumSquares / overallPy - overallMean * overallMean, 0)) / overallMean
      : 1;
  const publishable = d.percentiles.filter((p) => !small(p.peopleAbove));
  const { fit, mixture } = fitCalibration({
    segments: moments,
    overall: {
      id: 'all',
      personYears: Math.max(overallPy, 1),
      mean: Math.max(overallMean, 1e-9),
      cv: overallCv,
      zeroShare,
    },
    percentiles: publishable.map((p) => ({ p: p.p, value: p.value })),
  });
  notes.push(...fit.notes);
  if (moments.length < keys.length)
    notes.push(
      `${keys.length - moments.length} segment(s) have no CV of their own (withheld, no cost, or one person); the simulation gives them sigma ${fit.sigma.toFixed(3)} (the mean CV)`,
    );

  const share = (q: number) => d.topShares.find((t) => Math.abs(t.q - q) < 1e-12);
  const topShare = (q: number) => {
    const t = share(q);
    if (!t) return null;
    return disclosure.derived(t.share, t.people, 'risk.concentration', `top ${q * 100}%`);
  };
  const half = share(0.5);

  return {
    year: base,
    bySegment: bySegmentRisk,
    zeroCostShare: small(d.people) ? null : zeroShare,
    concentration: {
      top1: topShare(0.01),
      top5: topShare(0.05),
      bottom50: half && !small(half.people) ? 1 - half.share : null,
    },
    tail: {
      quantile: d.tail.quantile,
      threshold: tailUsable ? d.tail.threshold : null,
      exceedances: tailUsable ? disclosure.count(d.tail.people, 'risk.tail', 'exceedances') : null,
      alpha,
      standardError: alpha === null ? null : alpha / Math.sqrt(d.tail.people),
    },
    attachments: d.attachments.map((a) => attachmentRow(a, d.personYears, mixture, disclosure)),
    calibration: {
      cv: fit.cv,
      zeroProb: fit.zeroProb,
      zeroProbBySegment: fit.zeroProbBySegment,
      sigma: fit.sigma,
      tail: fit.tail,
    },
    fit: {
      percentiles: d.percentiles.map((p) => {
        const data = disclosure.derived(
          p.value,
          p.peopleAbove,
          'risk.fit',
          `percentile ${p.p * 100}`,
          'people above',
        );
        const model = mixture.quantileAbove(1 - p.p);
        return { percentile: p.p, data, model, ratio: data === null || data === 0 ? null : model / data };
      }),
      topShares: [0.01, 0.05, 0.5].map((q) => ({
        top: q,
        data: share(q) && !small(share(q)!.people) ? share(q)!.share : null,
        model: mixture.topShare(q),
      })),
      notes,
    },
  };
}

function attachmentRow(
  a: { attachment: number; people: number; excess: number },
  personYears: number,
  mixture: Mixture,
  disclosure: Disclosure,
) {
  const key = `GBP ${a.attachment}`;
  const small = disclosure.isSmall(a.people);
  const model = mixture.excess(a.attachment);
  return {
    attachment: a.attachment,
    people: disclosure.count(a.people, 'risk.attachments', key, 'people'),
    perThousand: small || personYears === 0 ? null : (1000 * a.people) / personYears,
    meanExcess: small || a.people === 0 ? null : a.excess / a.people,
    totalExcess: small ? null : a.excess,
    modelPerThousand: 1000 * model.share,
    modelMeanExcess: model.meanExcess,
  };
}
