// File-wide facts that rules ask for once per unit: computed once for the text last asked about (the same string
// for every unit of one analysis), so the cost does not grow with file size x units x rules.
export function perText<T>(compute: (text: string) => T): (text: string) => T {
  let lastText: string | null = null;
  let last: T;
  return (text) => {
    if (text !== lastText) {
      last = compute(text);
      lastText = text;
    }
    return last;
  };
}
