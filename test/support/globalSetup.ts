import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';
import { tableSpec } from '../../shared/storage/tableSpec.ts';
import { createTable, startDynamoDbLocal } from './dynamodbLocal.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local endpoint with the table created; '' when no selected test needs it. */
    ddbEndpoint: string;
    ddbTable: string;
  }
}

/** Test files that talk to DynamoDB Local. */
const STORE_TESTS = join('test', 'store');

/** One DynamoDB Local for the whole run (a JVM start costs seconds on 2 shared cores), torn down by pid. */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  provide('ddbTable', tableSpec.defaultTableName);
  if (!storeTestsSelected()) {
    provide('ddbEndpoint', '');
    return async () => {};
  }
  const ddb = await startDynamoDbLocal();
  await createTable(ddb.endpoint);
  provide('ddbEndpoint', ddb.endpoint);
  return () => ddb.stop();
}

/** Skips the JVM when the command line names test files and none of them is a store test (e.g.
 *  `vitest run test/engine`). Filters are substrings of file paths, so any doubt starts the instance. */
function storeTestsSelected(): boolean {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run' && a !== 'watch');
  const filters = args.filter((a) => !/vitest(\.m?js)?$/.test(a));
  if (filters.length === 0) return true;
  let files: string[];
  try {
    files = readdirSync(STORE_TESTS, { recursive: true }).map((f) => join(STORE_TESTS, String(f)));
  } catch {
    return true;
  }
  return filters.some((filter) => {
    const f = relative(process.cwd(), filter) || filter;
    return files.some((file) => file.includes(f) || f.includes(STORE_TESTS));
  });
}
