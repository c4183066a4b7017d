import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/buildApp.ts';
import type { PacsStack } from '../../infra/stack.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The context `cdk synth` reads from infra/cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, 'infra', 'cdk.json'), 'utf8')).context;
}

/** The stack synthesised in-process as the CLI would (cdk.json context, cdk-nag on), without running esbuild:
 *  template assertions do not need the bundles, and skipping them takes the synth from seconds to a fraction. */
export function synthStack(context: Record<string, unknown> = {}): {
  stack: PacsStack;
  template: Template;
  json: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
} {
  const { app, stack } = buildApp({
    context: { ...cdkJsonContext(), ...context },
    bundle: false,
    outdir: mkdtempSync(join(tmpdir(), 'pacs-cdk-')),
  });
  app.synth(); // throws on any unacknowledged cdk-nag finding
  const template = Template.fromStack(stack);
  return { stack, template, json: template.toJSON() as never };
}
