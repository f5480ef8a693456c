/**
 * node readme-block.mjs <file.md> <first line>: prints the first fenced code block whose first
 * line starts with <first line>, as written. Fails when there is none.
 */
import { readFileSync } from 'node:fs';

const [file, firstLine] = process.argv.slice(2);
const blocks = readFileSync(file, 'utf8').matchAll(/^```\w*\n([\s\S]*?)^```$/gm);
const block = [...blocks].map((match) => match[1]).find((code) => code.startsWith(firstLine));
if (block === undefined) throw new Error(`${file}: no code block starting with ${firstLine}`);
process.stdout.write(block);
