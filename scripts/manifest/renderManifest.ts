/* A manifest.xml for any environment from the committed one (the single template, validated by the test suite):
 * every URL moves from the development origin to the environment's, and the add-in id, the custom functions'
 * namespace and the display name become the environment's own, so environments load side by side in Excel. */

export interface ManifestTarget {
  /** https origin serving the add-in files, e.g. https://d111111abcdef8.cloudfront.net (no trailing slash). */
  baseUrl: string;
  /** The environment's add-in id (GUID): Excel keeps functions and settings per id. */
  id: string;
  /** The custom functions' namespace, e.g. PACS, PACSTEST: formulas read NAMESPACE.CAPITATION(...). */
  namespace: string;
  displayName?: string | undefined;
}

/** The origin the committed manifest.xml points at (`npm start`'s add-in server). */
export const DEV_ORIGIN = 'https://localhost:3000';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function renderManifest(template: string, target: ManifestTarget): string {
  const base = target.baseUrl.replace(/\/+$/, '');
  if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(base))
    throw new Error(`baseUrl must be an https origin, got ${base}`);
  if (!GUID.test(target.id)) throw new Error(`id must be a GUID, got ${target.id}`);
  if (!/^[A-Z][A-Z0-9]{0,31}$/.test(target.namespace))
    throw new Error(`namespace must be capitals and digits, got ${target.namespace}`);
  const replaceOnce = (text: string, pattern: RegExp, value: string, what: string) => {
    if (!pattern.test(text)) throw new Error(`manifest template has no ${what}`);
    return text.replace(pattern, value);
  };
  let xml = template.split(DEV_ORIGIN).join(base);
  xml = replaceOnce(xml, /<Id>[^<]*<\/Id>/, `<Id>${target.id}</Id>`, '<Id>');
  xml = replaceOnce(
    xml,
    /(<bt:String id="Functions\.Namespace" DefaultValue=")[^"]*(")/,
    `$1${target.namespace}$2`,
    'Functions.Namespace string',
  );
  if (target.displayName !== undefined)
    xml = replaceOnce(
      xml,
      /(<DisplayName DefaultValue=")[^"]*(")/,
      `$1${escapeXml(target.displayName)}$2`,
      '<DisplayName>',
    );
  return xml;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
