// Offline XSD validation of the add-in manifest with libxml2's xmllint compiled to WebAssembly (xmllint-wasm),
// so CI needs no apt package. The schemas live in ../shared (see its README); xmllint-wasm cannot read the disk,
// so every file the entry schema imports or includes is loaded into its in-memory file system first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type XMLValidationResult, validateXML } from 'xmllint-wasm';

/** The wrapper that imports the compiling copies under xmllint/ (the originals do not compile in libxml2). */
export const schemaDir = (repoRoot: string) =>
  path.resolve(repoRoot, '..', 'shared', 'schemas', 'office-addin-manifest');
export const ENTRY_SCHEMA = 'office-addin-manifest.xsd';

type SchemaFile = { fileName: string; contents: string };

/** The entry schema and, transitively, every xs:import/include/redefine it reaches; names relative to `dir`. */
export function loadSchemaSet(dir: string, entry = ENTRY_SCHEMA): SchemaFile[] {
  const seen = new Map<string, SchemaFile>();
  const visit = (rel: string) => {
    const fileName = path.posix.normalize(rel);
    if (seen.has(fileName)) return;
    const contents = readFileSync(path.join(dir, fileName), 'utf8');
    seen.set(fileName, { fileName, contents });
    const code = contents.replace(/<!--[\s\S]*?-->/g, ''); // a comment may quote a schemaLocation
    for (const m of code.matchAll(/<xs:(?:import|include|redefine)\b[^>]*?\bschemaLocation="([^"]+)"/g))
      visit(path.posix.join(path.posix.dirname(fileName), m[1]!));
  };
  visit(entry);
  return [...seen.values()];
}

/** Validates `xml` against the schema set; `--nonet` as in the shared README, so nothing is ever fetched. */
export function validateManifest(xml: string, schemas: SchemaFile[]): Promise<XMLValidationResult> {
  const [entry, ...preload] = schemas;
  return validateXML({
    xml: { fileName: 'manifest.xml', contents: xml },
    schema: entry!,
    preload,
    modifyArguments: (args) => ['--nonet', ...args],
  });
}
