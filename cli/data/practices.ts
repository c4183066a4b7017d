import { basename } from 'node:path';
import { ValidationError } from '../../shared/core/base/index.ts';
import type { PracticeInfo } from '../../shared/core/dataProfile/index.ts';
import {
  type PracticeRow,
  parseCsv,
  practiceNeedIndices,
  practiceRows,
} from '../../shared/core/needIndex/index.ts';
import { readText } from '../files.ts';

/* NHS England's practice weighted populations (--practices): which practice codes are real (a people row at an
 * unknown practice is rejected), each practice's name and PCN (a new scenario's neighbourhoods), and its need
 * index relative to its ICB (capitation-method.md B4 i, §3.9), used for each practice's need-weighted expected
 * spend. With --icb only that ICB's practices are valid; without it every practice in England is, and the need
 * index is relative to each practice's own ICB (the ICB holding most of the extract's people is named). */

const COMPONENT = 'Final WP';

export class ReferencePractices {
  private readonly byCode: Map<string, PracticeRow>;
  private icb: string | undefined;
  private readonly indexByIcb = new Map<string, Map<string, number>>();

  constructor(
    private readonly rows: PracticeRow[],
    icb: string | undefined,
    private readonly fileName: string,
  ) {
    this.byCode = new Map(rows.map((r) => [r.code.trim().toUpperCase(), r]));
    if (icb !== undefined) {
      const wanted = icb.trim().toLowerCase();
      const match = rows.find(
        (r) => r.icbCode.toLowerCase() === wanted || r.icbName.toLowerCase() === wanted,
      );
      if (!match)
        throw new ValidationError([
          { field: '--icb', message: `"${icb}" is not an ICB code or name in ${fileName}` },
        ]);
      this.icb = match.icbCode;
    }
    this.icbChosen = icb !== undefined;
  }

  readonly icbChosen: boolean;

  static fromFile(path: string, icb: string | undefined): ReferencePractices {
    return new ReferencePractices(practiceRows(parseCsv(readText(path, '--practices'))), icb, basename(path));
  }

  /** Without --icb: the ICB of the practice list holding most of the extract's people. */
  inferIcb(counts: { code: string; people: number }[]): void {
    const byIcb = new Map<string, number>();
    for (const c of counts) {
      const r = this.byCode.get(c.code);
      if (r) byIcb.set(r.icbCode, (byIcb.get(r.icbCode) ?? 0) + c.people);
    }
    const best = [...byIcb.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    this.icb = best?.[0];
  }

  validCodes(): string[] {
    if (this.icbChosen)
      return this.rows.filter((r) => r.icbCode === this.icb).map((r) => r.code.trim().toUpperCase());
    return [...this.byCode.keys()];
  }

  info(code: string): PracticeInfo {
    const r = this.byCode.get(code);
    if (!r) return { code };
    const pcnCode = r.text.PCN_Code?.trim();
    const pcnName = r.text.PCN_Name?.trim();
    const needIndex = this.needIndex(r);
    return {
      code,
      name: r.name,
      ...(pcnCode ? { pcnCode } : {}),
      ...(pcnName ? { pcnName } : {}),
      ...(needIndex === undefined ? {} : { needIndex }),
    };
  }

  private needIndex(r: PracticeRow): number | undefined {
    let indices = this.indexByIcb.get(r.icbCode);
    if (!indices) {
      indices = new Map(
        practiceNeedIndices(this.rows, r.icbCode, COMPONENT)
          .filter((p) => p.population > 0)
          .map((p) => [p.code.trim().toUpperCase(), p.needIndex]),
      );
      this.indexByIcb.set(r.icbCode, indices);
    }
    return indices.get(r.code.trim().toUpperCase());
  }

  get source(): string {
    const r = this.rows.find((x) => x.icbCode === this.icb);
    const icb = r ? `${r.icbName} (${r.icbCode})` : "each practice's ICB";
    return `${this.fileName}, need index "${COMPONENT}" relative to ${icb}${this.icbChosen ? '' : " (ICB holding most of the extract's people; practices elsewhere relative to their own ICB)"}`;
  }
}
