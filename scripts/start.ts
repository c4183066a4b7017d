// `npm start`: the whole product on this machine. Flags: --in-memory, --api-port N, --addin-port N, --data-dir DIR.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { buildAddin } from '../addin/build/buildAddin.ts';
import { type LocalStack, startLocalStack } from '../functions/local/localStack.ts';
import { PortInUseError, nextFreePort } from '../functions/local/ports.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const Port = z.coerce.number().int().min(0).max(65535);
const Flags = z.object({ inMemory: z.boolean(), apiPort: Port, addinPort: Port, dataDir: z.string().min(1) });

const HELP = `usage: npm start -- [--api-port N] [--addin-port N] [--in-memory] [--data-dir DIR]

Runs PACS Capitation on this machine: DynamoDB Local, the API on 127.0.0.1 and the add-in files over HTTPS on
localhost. Ctrl-C stops everything.
  --api-port N    port of the API (default 3001; 0 picks a free one)
  --addin-port N  port of the add-in files (default 3000; 0 picks a free one). Excel loads the add-in from the
                  port in manifest.xml, so a different one suits the API and scripts more than Excel.
  --in-memory     keep no data (default: kept in DIR/dynamodb)
  --data-dir DIR  folder for data, development keys and certificates (default .data)
`;

function parseFlags(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = new Set(['--in-memory', '--api-port', '--addin-port', '--data-dir']);
  const unknown = argv.find((a, i) => a.startsWith('--') && !known.has(a) && !known.has(argv[i - 1] ?? ''));
  if (unknown)
    fail(`unknown option ${unknown} (use --in-memory, --api-port N, --addin-port N, --data-dir DIR)`);
  const r = Flags.safeParse({
    inMemory: argv.includes('--in-memory'),
    apiPort: get('--api-port') ?? 3001,
    addinPort: get('--addin-port') ?? 3000,
    dataDir: get('--data-dir') ?? `${root}.data`,
  });
  if (!r.success) fail(`${String(r.error.issues[0]?.path[0])}: ${r.error.issues[0]?.message}`);
  return r.data;
}

function fail(message: string): never {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(2);
}

function requireJava(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0)
    fail(
      'Java 17 or later is needed to run DynamoDB Local.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS: brew install openjdk@17     Windows: winget install Microsoft.OpenJDK.17',
    );
}

/** Stop means stop: Ctrl-C or SIGTERM stops everything within 2 s (forced if a part hangs); a second Ctrl-C forces
 *  it at once. npm runs this script through `sh -c`, and a shell killed by SIGTERM does not pass the signal on, so
 *  the loss of the parent process counts as a SIGTERM too (the process would otherwise run on as an orphan). */
function stopOnSignals(stack: LocalStack): void {
  let stopping = false;
  const force = (why: string): never => {
    process.stderr.write(`${why}: forcing the stop\n`);
    stack.kill();
    process.exit(130);
  };
  const stop = async () => {
    if (stopping) force('stopped again');
    stopping = true;
    process.stdout.write('\nstopping...\n');
    setTimeout(() => force('still stopping after 1.5 s'), 1_500).unref();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const parent = process.ppid;
  setInterval(() => {
    if (!stopping && process.ppid !== parent) void stop();
  }, 200).unref();
}

const flags = parseFlags(process.argv.slice(2));
const dataDir = resolve(flags.dataDir);
// The token command finds the development keys through PACS_DEV_KEY_DIR when they are not in the default folder.
const tokenCommand =
  dataDir === resolve(`${root}.data`)
    ? 'npm run -s token -- --org RXX --user alice'
    : `PACS_DEV_KEY_DIR="${resolve(dataDir, 'dev-issuer')}" npm run -s token -- --org RXX --user alice`;
requireJava();
// Stopped while starting: exit now; DynamoDB Local, if it is up yet, is killed by its watchdog when we are gone.
const stopWhileStarting = () => {
  process.stderr.write('\nstopped while starting\n');
  process.exit(130);
};
process.on('SIGINT', stopWhileStarting);
process.on('SIGTERM', stopWhileStarting);
const stack = await startLocalStack({
  dataDir,
  addinDir: `${root}addin/dist`,
  inMemory: flags.inMemory,
  apiPort: flags.apiPort,
  addinPort: flags.addinPort,
}).catch(async (e: unknown) => {
  if (!(e instanceof PortInUseError)) throw e;
  const free = await nextFreePort(e.port);
  fail(
    `${e.message}: is another npm start running? Stop it, or choose another port` +
      (free ? `: npm start -- ${e.flag} ${free}` : ` with ${e.flag} N`) +
      ' (see npm start -- --help)',
  );
});

// The add-in's files, pointed at this API (development sign-in); rebuilt at every start.
const addin = await buildAddin({
  outDir: `${root}addin/dist`,
  config: { apiUrl: stack.apiUrl, auth: { mode: 'development' }, build: 'local' },
}).catch(async (e: unknown) => {
  await stack.stop();
  fail(`could not build the add-in: ${(e as Error).message}`);
});

process.stdout.write(`
PACS Capitation is running (Ctrl-C stops everything).

  API            ${stack.apiUrl}/v1/health   (OpenAPI: ${stack.apiUrl}/v1/openapi.json)
  Add-in files   ${stack.addinUrl}/  (functions.js ${Math.round(addin.bundleBytes / 1024)} KB; sideload manifest.xml, or manifest.dev.xml beside a deployed add-in)
  Sign-in        development sign-in at ${stack.apiUrl}/dev/sign-in (any organisation code and user name, from the PACS pane)
  DynamoDB Local ${stack.dynamoEndpoint}  (${flags.inMemory ? 'in memory' : `data in ${resolve(dataDir, 'dynamodb')}`})

Next:
  1. A token for your organisation:  ${tokenCommand}
  2. Try it:  curl -H "Authorization: Bearer $TOKEN" ${stack.apiUrl}/v1/scenarios
  3. Trust the development certificate so Excel and browsers accept ${stack.addinUrl}
     (valid ${stack.certificateDaysLeft} more days; installing it needs administrator rights, so it was not done):
       Windows: certutil -addstore -user Root "${stack.caPath}"
       macOS:   sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${stack.caPath}"
       Linux:   sudo cp "${stack.caPath}" /usr/local/share/ca-certificates/pacs-dev.crt && sudo update-ca-certificates
  4. Price an example from the command line:  npx pacs calc examples/fully-integrated-tameside.json --year 1 --forms
`);
const { resumed, failed } = stack.resumed;
if (resumed.length)
  process.stdout.write(`\nResumed ${resumed.length} simulation run(s) left unfinished by the last stop.\n`);
if (failed.length)
  process.stdout.write(
    `\n${failed.length} simulation run(s) left unfinished could not be resumed and are marked failed with the reason.\n`,
  );

process.off('SIGINT', stopWhileStarting);
process.off('SIGTERM', stopWhileStarting);
stopOnSignals(stack);
