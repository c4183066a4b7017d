// `npm run build:addin [-- --api-url URL]`: the add-in's served files into addin/dist for the local service
// (development sign-in). `npm start` runs this itself; deployed builds come from the CDK app with an Entra ID
// configuration (addin/build/buildAddin.ts).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildAddin } from '../addin/build/buildAddin.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { 'api-url': { type: 'string', default: 'http://127.0.0.1:3001' } },
  strict: true,
});
const built = await buildAddin({
  outDir: `${root}addin/dist`,
  config: { apiUrl: values['api-url'], auth: { mode: 'development' }, build: 'local' },
});
process.stdout.write(
  `built addin/dist (functions.js ${(built.bundleBytes / 1024).toFixed(0)} KB) for ${values['api-url']}\n`,
);
