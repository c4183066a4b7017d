// `npm run manifest:local`: writes manifest.xml (the PACS identity) and manifest.dev.xml (the PACSDEV development
// identity, to load beside a deployed PACS add-in), both pointing at the local add-in server of `npm start`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { committedManifests } from '../addin/build/committedManifests.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const [file, xml] of Object.entries(committedManifests())) {
  writeFileSync(`${root}${file}`, xml);
  process.stdout.write(`wrote ${file}\n`);
}
