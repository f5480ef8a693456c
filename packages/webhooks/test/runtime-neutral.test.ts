import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const sourceDir = new URL('../src/', import.meta.url);
const sources = readdirSync(sourceDir).map((name) => ({
  name,
  text: readFileSync(new URL(name, sourceDir), 'utf8'),
}));

describe('the package source', () => {
  it('imports nothing but @fs/core and its own modules, so it runs on every runtime', () => {
    for (const { name, text } of sources) {
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      for (const specifier of imports) {
        expect(specifier, name).toMatch(/^(@fs\/core|\.\/[a-z-]+\.js)$/);
      }
    }
  });

  it('uses no Node globals or Node types, so its .d.ts needs no @types/node', () => {
    for (const { name, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, name).not.toMatch(/\b(Buffer|NodeJS|process|require|IncomingMessage)\b/);
    }
  });
});
