// File-wide facts a unit's rules may need but cannot see from inside the unit. Cheap to compute from text;
// when they change, every cached unit result of the file is recomputed.
export interface FileFacts {
  /** `declare(strict_types=1)` at the top of the file. */
  strictTypes: boolean;
}

export function fileFacts(text: string): FileFacts {
  const head = text.slice(0, 4096);
  return { strictTypes: /declare\s*\(\s*strict_types\s*=\s*1\s*\)/i.test(head) };
}

export function sameFacts(a: FileFacts, b: FileFacts): boolean {
  return a.strictTypes === b.strictTypes;
}
