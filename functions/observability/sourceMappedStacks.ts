import type { SourceMap } from 'node:module';

/* Readable stack traces from the minified Lambda bundles without Node's --enable-source-maps. That flag reads and
 * indexes the source map of every file as it loads (measured: +20 to +29 ms CPU of a cold start, Node 22 and 24),
 * although a stack is only read when an error is logged. This hook maps a stack when V8 first formats it, and loads
 * a bundle file's map (`<file>.map`, beside it) the first time one of its frames needs it. The built-ins it needs
 * are taken when a stack is formatted, not imported: an ES import of node:module builds its whole facade. */

const builtin = <T>(name: string) => process.getBuiltinModule(name) as T;

const maps = new Map<string, SourceMap | null>();

function mapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      const { readFileSync } = builtin<typeof import('node:fs')>('node:fs');
      const { SourceMap } = builtin<typeof import('node:module')>('node:module');
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null; // no map beside it (not a bundle output): the frame stays as V8 wrote it
    }
    maps.set(file, map);
  }
  return map;
}

/** One frame as V8 writes it, its bundle position replaced by the original source position when a map has one. */
export function sourceMappedFrame(site: NodeJS.CallSite): string {
  const text = site.toString();
  const name = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!name || line === null || column === null || !/\.m?js$/.test(name)) return text;
  const path = name.startsWith('file:')
    ? builtin<typeof import('node:url')>('node:url').fileURLToPath(name)
    : name;
  if (!path.startsWith('/')) return text; // node:internal frames and the like
  const entry = mapOf(path)?.findEntry(line - 1, column - 1);
  if (!entry || !('originalSource' in entry)) return text;
  return text.replace(
    `${name}:${line}:${column}`,
    `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`,
  );
}

function header(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}

/** Installs the hook (once); does nothing when Node already maps stacks (--enable-source-maps). */
export function installSourceMappedStacks(): void {
  if (process.sourceMapsEnabled) return;
  Error.prepareStackTrace = (error, sites) =>
    header(error) + sites.map((site) => `\n    at ${sourceMappedFrame(site)}`).join('');
}
