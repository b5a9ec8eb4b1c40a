// Generates editor support from packages/elements/custom-elements.json:
//  - vscode.html-custom-data.json: VS Code HTML custom data (tags, attributes,
//    values of literal-union attributes); hosts add it to "html.customData".
//  - web-types.json: JetBrains web-types (elements, attributes, events, slots,
//    CSS properties and parts), found through package.json "web-types".
// Run after the manifest: `node scripts/manifest.mjs && node scripts/editor-data.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { root } from './lib/run.mjs';

const dir = `${root}/packages/elements`;
const manifest = JSON.parse(readFileSync(`${dir}/custom-elements.json`, 'utf8'));
const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));

const elements = manifest.modules
  .flatMap((m) => (m.declarations ?? []).map((d) => ({ ...d, path: m.path })))
  .filter((d) => d.customElement && d.tagName)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

/** `'a' | 'b'` → ['a', 'b']; anything else → []. */
function literalValues(type) {
  const text = type?.text ?? '';
  const parts = text.split('|').map((p) => p.trim());
  return parts.every((p) => /^'[^']*'$/.test(p)) ? parts.map((p) => p.slice(1, -1)) : [];
}
const describe = (x) => [x.summary, x.description].filter(Boolean).join('\n\n');
const isBoolean = (a) => a.type?.text === 'boolean';

const vscode = {
  $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
  version: 1.1,
  tags: elements.map((el) => ({
    name: el.tagName,
    description: describe(el),
    attributes: (el.attributes ?? []).map((a) => {
      const values = literalValues(a.type);
      return {
        name: a.name,
        description: a.description ?? '',
        ...(values.length ? { values: values.map((name) => ({ name })) } : {}),
        ...(isBoolean(a) ? { valueSet: 'v' } : {}),
      };
    }),
  })),
};

const webTypes = {
  $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
  name: pkg.name,
  version: pkg.version,
  'description-markup': 'markdown',
  contributions: {
    html: {
      elements: elements.map((el) => ({
        name: el.tagName,
        description: describe(el),
        source: { module: `${pkg.name}`, symbol: el.name },
        attributes: (el.attributes ?? []).map((a) => {
          const values = literalValues(a.type);
          return {
            name: a.name,
            description: a.description ?? '',
            value: isBoolean(a)
              ? { type: 'boolean', required: false }
              : { type: values.length ? values.map((v) => `'${v}'`).join(' | ') : (a.type?.text ?? 'string') },
            ...(values.length ? { values: values.map((name) => ({ name })) } : {}),
          };
        }),
        events: (el.events ?? [])
          .filter((e) => e.name)
          .map((e) => ({ name: e.name, description: e.description ?? '' })),
        slots: (el.slots ?? []).map((s) => ({ name: s.name, description: s.description ?? '' })),
        js: {
          properties: (el.members ?? [])
            .filter((m) => m.kind === 'field' && m.privacy !== 'private' && !m.static && !m.name.startsWith('#'))
            .map((m) => ({ name: m.name, description: m.description ?? '', type: m.type?.text ?? 'unknown' })),
          events: (el.events ?? [])
            .filter((e) => e.name)
            .map((e) => ({ name: e.name, description: e.description ?? '' })),
        },
      })),
    },
    css: {
      properties: elements.flatMap((el) =>
        (el.cssProperties ?? []).map((p) => ({ name: p.name, description: `${el.tagName}: ${p.description ?? ''}` })),
      ),
      parts: elements.flatMap((el) =>
        (el.cssParts ?? []).map((p) => ({ name: p.name, description: `${el.tagName}: ${p.description ?? ''}` })),
      ),
    },
  },
};

writeFileSync(`${dir}/vscode.html-custom-data.json`, `${JSON.stringify(vscode, null, 2)}\n`);
writeFileSync(`${dir}/web-types.json`, `${JSON.stringify(webTypes, null, 2)}\n`);
console.log(`editor-data: ${elements.length} element(s) -> vscode.html-custom-data.json, web-types.json`);
