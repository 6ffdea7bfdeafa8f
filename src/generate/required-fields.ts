import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The official models' declarations mark a required field in its doc comment; that marker, and
// the field's name, are the only things read from the comment.
const CLASS = /export declare class (\w+) extends [\w$.]+ \{([\s\S]*?)\n\}/g;
const FIELD = /(\/\*\*[\s\S]*?\*\/\s*)?(\w+)\?: /g;
const REQUIRED = 'This parameter is required.';

/**
 * The required fields of every model class declared under `distDir` (its `.d.ts` files): class
 * name → the fields (JS names) whose declaration says the parameter is required.
 */
export function requiredFieldsOf(distDir: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of declarationFiles(distDir)) {
    const text = readFileSync(file, 'utf8');
    for (const [, className, body] of text.matchAll(CLASS)) {
      const fields = new Set<string>();
      for (const [, comment, field] of body!.matchAll(FIELD)) {
        if (comment?.includes(REQUIRED)) fields.add(field!);
      }
      if (fields.size > 0) found.set(className!, fields);
    }
  }
  return found;
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? declarationFiles(join(dir, entry.name))
      : entry.name.endsWith('.d.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}
