/**
 * The first member name that occurs twice in one object of `json`, or undefined. `JSON.parse`
 * keeps the last of duplicates while other parsers keep the first, so a body with duplicates may
 * mean one thing here and another to a proxy or an auditing tool: such bodies are refused.
 * Call it only on text `JSON.parse` accepted; it does not validate.
 * @internal
 */
export function duplicateMember(json: string): string | undefined {
  const scopes: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let index = 0; index < json.length; index++) {
    const char = json[index];
    if (char === '"') {
      const end = stringEnd(json, index);
      const scope = scopes[scopes.length - 1];
      if (expectKey && scope) {
        const key = JSON.parse(json.slice(index, end + 1)) as string;
        if (scope.has(key)) return key;
        scope.add(key);
      }
      expectKey = false;
      index = end;
    } else if (char === '{') {
      scopes.push(new Set());
      expectKey = true;
    } else if (char === '[') {
      scopes.push(null);
    } else if (char === '}' || char === ']') {
      scopes.pop();
    } else if (char === ',') {
      expectKey = scopes[scopes.length - 1] !== null;
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opening at `start`. */
function stringEnd(json: string, start: number): number {
  for (let index = start + 1; index < json.length; index++) {
    if (json[index] === '\\') index++;
    else if (json[index] === '"') return index;
  }
  return json.length - 1;
}
