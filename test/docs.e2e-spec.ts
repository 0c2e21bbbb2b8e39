import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionPaths } from './utils/option-paths';

const ROOT = join(__dirname, '..');

/** Option paths named in the first column of a markdown table (`| \`path\` | …`). */
function documentedPaths(file: string): string[] {
  return [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]);
}

describe('the configuration reference cannot drift from the options type', () => {
  const typed = optionPaths();

  it('docs/configuration.md documents every option of DcrModuleOptions, and no option that does not exist', () => {
    const extras = ['isGlobal', 'dataSource', 'controllers', 'providers', 'extraProcessors', 'interceptors', 'registrationPaths', 'adminPath', 'adminGuard'];
    const documented = documentedPaths('docs/configuration.md').filter((path) => !extras.includes(path));
    expect([...documented].sort()).toEqual([...typed].sort());
  });

  it('every option the README names exists', () => {
    const named = documentedPaths('README.md').flatMap((path) => path.split(' / ')).filter((path) => /^[a-z]/.test(path) && path.includes('.')).map((path) => path.replace(/\[\]$/, ''));
    // `a.<b\|c>.d` names a.b.d and a.c.d; `a.<any>.d` stands for any member.
    const pattern = (path: string) =>
      new RegExp(`^${path.replace(/\\\|/g, '|').split(/(<[^>]+>)/).map((part) => (part.startsWith('<') ? (part.includes('|') ? `(${part.slice(1, -1)})` : '[^.]+') : part.replace(/[.[\]]/g, '\\$&'))).join('')}$`);
    const unknown = named.filter((path) => !typed.some((candidate) => pattern(path).test(candidate)));
    expect(unknown).toEqual([]);
  });
});
