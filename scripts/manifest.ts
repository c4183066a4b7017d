// `npm run manifest -- --env NAME [--outputs FILE] [--addin-url URL] [--out FILE]`: the manifest.xml of a deployed
// environment. The add-in id, namespace and display name come from infra/cdk.json's environment; the add-in's URL
// from the deploy's outputs file (`cdk deploy --outputs-file`, see docs/deploy.md) or --addin-url.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { loadDeploymentConfig } from '../infra/config.ts';
import { generateManifest } from '../addin/build/manifest.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

const Flags = z.strictObject({
  env: z.string({ error: '--env NAME is required (an environment of infra/cdk.json)' }),
  outputs: z.string().optional(),
  'addin-url': z.url({ protocol: /^https$/, error: '--addin-url must be an https URL' }).optional(),
  out: z.string().optional(),
});

function parseFlags(argv: string[]): z.output<typeof Flags> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!;
    if (!name.startsWith('--') || argv[i + 1] === undefined) fail(`expected --name value pairs, got ${name}`);
    raw[name.slice(2)] = argv[i + 1]!;
  }
  const r = Flags.safeParse(raw);
  if (!r.success) fail(r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}

function fail(message: string): never {
  process.stderr.write(`npm run manifest: ${message}\n`);
  process.exit(2);
}

/** The AddinUrl output of the environment's stack in a `cdk deploy --outputs-file` file. */
function addinUrlFromOutputs(file: string, stackName: string): string {
  let outputs: Record<string, Record<string, string>>;
  try {
    outputs = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    fail(`cannot read ${file}: deploy with --outputs-file ${file}, or pass --addin-url`);
  }
  const url = outputs[stackName]?.AddinUrl;
  if (!url) fail(`${file} has no AddinUrl output for stack ${stackName}`);
  return url;
}

const flags = parseFlags(process.argv.slice(2));
const cdkJson = JSON.parse(readFileSync(join(root, 'infra', 'cdk.json'), 'utf8'));
let config: ReturnType<typeof loadDeploymentConfig>;
try {
  config = loadDeploymentConfig((key) => (key === 'env' ? flags.env : cdkJson.context[key]));
} catch (e) {
  fail((e as Error).message);
}
const outputsFile = resolve(flags.outputs ?? join(root, '.data', `cdk-outputs-${config.name}.json`));
const baseUrl = flags['addin-url'] ?? addinUrlFromOutputs(outputsFile, config.stackName);
const xml = generateManifest({
  addinUrl: baseUrl,
  id: config.addinId,
  namespace: config.functionsNamespace,
  displayName: config.displayName,
});
const out = resolve(flags.out ?? join(root, 'dist', `manifest-${config.name}.xml`));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, xml);
process.stdout.write(
  `${out}\n  add-in ${config.addinId}, namespace ${config.functionsNamespace}, files at ${baseUrl}\n`,
);
