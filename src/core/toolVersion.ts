/** The tool's version, read once from package.json; recorded in every result. */
import { readFileSync } from 'node:fs';

const packageJson = new URL('../../package.json', import.meta.url);
export const TOOL_VERSION: string = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
