import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { safeDuckDbMessage } from './safeText.ts';

/* One embedded DuckDB database in memory for one profiling run. It spills to a private temporary directory
 * (removed on close, because spilled pages hold patient rows), and every failure becomes a DataReadError whose
 * message carries no input values. */

export class DataReadError extends Error {
  readonly code = 'data_read_error';
  constructor(message: string) {
    super(message);
    this.name = 'DataReadError';
  }
}

export interface DuckOptions {
  threads: number;
  /** DuckDB memory limit, e.g. "3GB". */
  memoryLimit: string;
  /** Track the progress of long statements (DuckDB's own estimate). */
  progress?: boolean;
}

export type Row = Record<string, unknown>;

export class DuckSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly spillDir: string,
  ) {}

  static async open(options: DuckOptions): Promise<DuckSession> {
    const spillDir = mkdtempSync(join(tmpdir(), 'pacs-data-'));
    try {
      const instance = await DuckDBInstance.create(':memory:', {
        threads: String(options.threads),
        memory_limit: options.memoryLimit,
        temp_directory: spillDir,
        preserve_insertion_order: 'false',
      });
      const session = new DuckSession(instance, await instance.connect(), spillDir);
      if (options.progress)
        await session.run(
          'SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0',
          'progress',
        );
      return session;
    } catch (e) {
      rmSync(spillDir, { recursive: true, force: true });
      throw new DataReadError(safeDuckDbMessage('starting DuckDB', e));
    }
  }

  /** Runs statements; `onProgress` is called with DuckDB's estimate (whole percent) while they run. */
  async run(sql: string, stage: string, onProgress?: (percent: number) => void): Promise<void> {
    const started = performance.now();
    let last = -1;
    const timer =
      onProgress &&
      setInterval(() => {
        const p = Math.floor(this.connection.progress.percentage);
        if (p >= 0 && p !== last) {
          last = p;
          onProgress(Math.min(p, 99));
        }
      }, 250);
    try {
      await this.connection.run(sql);
    } catch (e) {
      throw new DataReadError(safeDuckDbMessage(stage, e));
    } finally {
      if (timer) clearInterval(timer);
    }
    this.time(stage, started);
  }

  /** PACS_DATA_TIMING=1 prints each statement's wall time to stderr (for profiling the profiler). */
  private cpu = process.cpuUsage();
  private time(stage: string, started: number) {
    if (!process.env.PACS_DATA_TIMING) return;
    const used = process.cpuUsage(this.cpu);
    this.cpu = process.cpuUsage();
    const cpu = ((used.user + used.system) / 1000).toFixed(0);
    process.stderr.write(
      `[duckdb] ${(performance.now() - started).toFixed(0)} ms wall, ${cpu} ms cpu  ${stage}\n`,
    );
  }

  /** Result rows with BIGINT/HUGEINT as numbers (counts here stay far below 2^53). */
  async rows(sql: string, stage: string): Promise<Row[]> {
    const started = performance.now();
    try {
      const reader = await this.connection.runAndReadAll(sql);
      this.time(stage, started);
      return reader.getRowObjectsJS().map((r) => {
        const out: Row = {};
        for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'bigint' ? Number(v) : v;
        return out;
      });
    } catch (e) {
      throw new DataReadError(safeDuckDbMessage(stage, e));
    }
  }

  /** Appends rows of strings/numbers/booleans/nulls to an existing table, column by column as given. */
  async append(
    table: string,
    rows: readonly (readonly (string | number | boolean | null)[])[],
    stage: string,
  ) {
    try {
      const appender = await this.connection.createAppender(table);
      for (const row of rows) {
        for (const v of row) {
          if (v === null) appender.appendNull();
          else if (typeof v === 'string') appender.appendVarchar(v);
          else if (typeof v === 'boolean') appender.appendBoolean(v);
          else if (Number.isInteger(v)) appender.appendInteger(v);
          else appender.appendDouble(v);
        }
        appender.endRow();
      }
      appender.closeSync();
    } catch (e) {
      throw new DataReadError(safeDuckDbMessage(stage, e));
    }
  }

  close(): void {
    try {
      this.connection.closeSync();
      this.instance.closeSync();
    } finally {
      rmSync(this.spillDir, { recursive: true, force: true });
    }
  }
}
