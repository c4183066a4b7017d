import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/* Buffered CSV files (with or without a UTF-8 byte-order mark), and their conversion to Parquet with DuckDB. */

const FLUSH_AT = 1 << 20;

export class CsvSinks {
  private readonly open = new Map<string, { fd: number; buffer: string[]; size: number }>();
  readonly written: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly header: string,
    private readonly bom: boolean,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  write(file: string, line: string): void {
    let f = this.open.get(file);
    if (!f) {
      const path = join(this.dir, file);
      f = { fd: openSync(path, 'w'), buffer: [], size: 0 };
      writeSync(f.fd, `${this.bom ? '\ufeff' : ''}${this.header}\n`);
      this.open.set(file, f);
      this.written.push(path);
    }
    f.buffer.push(line);
    f.size += line.length + 1;
    if (f.size >= FLUSH_AT) this.flush(f);
  }

  private flush(f: { fd: number; buffer: string[]; size: number }) {
    if (f.buffer.length === 0) return;
    writeSync(f.fd, `${f.buffer.join('\n')}\n`);
    f.buffer = [];
    f.size = 0;
  }

  close(): string[] {
    for (const f of this.open.values()) {
      this.flush(f);
      closeSync(f.fd);
    }
    this.open.clear();
    return this.written.sort();
  }
}

/** Converts CSV files to Parquet (typed columns), removing the CSV files. */
export async function toParquet(files: readonly string[], types: Record<string, string>): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const columns = Object.entries(types)
    .map(([k, v]) => `'${k}': '${v}'`)
    .join(', ');
  const out: string[] = [];
  try {
    for (const csv of files) {
      const parquet = csv.replace(/\.csv$/, '.parquet');
      await connection.run(
        `COPY (SELECT * FROM read_csv('${csv}', header = true, columns = {${columns}})) TO '${parquet}' (FORMAT parquet)`,
      );
      rmSync(csv);
      out.push(parquet);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return out;
}
