import { DEVELOPMENT_IDENTITY, LOCAL_ADDIN_URL, PRODUCTION_IDENTITY, generateManifest } from './manifest.ts';

/** The manifests kept at the repository root, by file name: the product's identity and the development
 *  identity, both served by `npm start`. Deployed environments generate theirs with their own URLs. */
export function committedManifests(): Record<string, string> {
  return {
    'manifest.xml': generateManifest({ ...PRODUCTION_IDENTITY, addinUrl: LOCAL_ADDIN_URL }),
    'manifest.dev.xml': generateManifest({ ...DEVELOPMENT_IDENTITY, addinUrl: LOCAL_ADDIN_URL }),
  };
}
