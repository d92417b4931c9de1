/**
 * Every icon the extension names exists in azure-devops-ui's icon font: a name it lacks draws nothing, and a button
 * then shows an empty gap instead of its icon.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const font = fs.readFileSync(path.join(root, 'node_modules/azure-devops-ui/Components/Icon/FluentIcons.css'), 'utf8');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

it('names only icons the font has', () => {
  const named = new Set<string>();
  for (const file of sources(path.join(root, 'src'))) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/iconName:\s*'([A-Za-z0-9]+)'/g)) named.add(match[1]);
  }
  expect(named.size).toBeGreaterThan(5);
  const missing = [...named].filter((name) => !font.includes(`.ms-Icon--${name}:`));
  expect(missing).toEqual([]);
});
