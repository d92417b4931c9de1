/** Writing files: exclusively created random temporary files, owner-only permissions, no symlink followed. */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileEvidenceStore } from './file-store';
import { writeAtomically } from './output';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual('node:crypto');
  return { ...actual, randomBytes: jest.fn(actual.randomBytes) };
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-audit-output-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('writeAtomically', () => {
  it('writes the content, readable by the owner only, and leaves no temporary file', async () => {
    const target = path.join(dir, 'report.json');
    await writeAtomically(target, '{"ok":true}');
    expect(fs.readFileSync(target, 'utf8')).toBe('{"ok":true}');
    expect(mode(target)).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['report.json']);
  });

  it('uses a different temporary name every time', async () => {
    const names: string[] = [];
    const spy = jest.spyOn(fs.promises, 'rename').mockImplementation(async (from) => {
      names.push(path.basename(String(from)));
      throw new Error('stop here');
    });
    try {
      await expect(writeAtomically(path.join(dir, 'r.json'), 'a')).rejects.toThrow('stop here');
      await expect(writeAtomically(path.join(dir, 'r.json'), 'b')).rejects.toThrow('stop here');
    } finally {
      spy.mockRestore();
    }
    expect(names[0]).toMatch(/^\.r\.json\.[0-9a-f]{24}\.tmp$/);
    expect(names[1]).not.toBe(names[0]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('never writes through a symlink planted at the temporary path', async () => {
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    const target = path.join(dir, 'report.json');
    // The attacker predicts the name: here the random part is fixed, and the old pid-based name is planted as well.
    (crypto.randomBytes as unknown as jest.Mock).mockReturnValueOnce(Buffer.alloc(12, 0xab));
    const predicted = path.join(dir, `.report.json.${'ab'.repeat(12)}.tmp`);
    fs.symlinkSync(victim, predicted);
    fs.symlinkSync(victim, path.join(dir, `.report.json.${process.pid}.tmp`));
    await expect(writeAtomically(target, 'report')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.existsSync(target)).toBe(false);
    // What it did not create, it does not remove either.
    expect(fs.lstatSync(predicted).isSymbolicLink()).toBe(true);
  });

  it('replaces a symlink at the target itself instead of writing through it', async () => {
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    const target = path.join(dir, 'report.json');
    fs.symlinkSync(victim, target);
    await writeAtomically(target, 'report');
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.lstatSync(target).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(target, 'utf8')).toBe('report');
  });

  it('leaves an existing file untouched when writing fails', async () => {
    const target = path.join(dir, 'report.json');
    fs.writeFileSync(target, 'old report');
    const spy = jest.spyOn(fs.promises, 'rename').mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    try {
      await expect(writeAtomically(target, 'new report')).rejects.toThrow('disk full');
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(target, 'utf8')).toBe('old report');
    expect(fs.readdirSync(dir)).toEqual(['report.json']);
  });
});

describe('FileEvidenceStore', () => {
  it('keeps its directory and files readable by the owner only', async () => {
    const cache = path.join(dir, 'cache');
    const store = new FileEvidenceStore(cache);
    await store.save('scope', new Map());
    expect(mode(cache)).toBe(0o700);
    const [file] = fs.readdirSync(cache);
    expect(file).toMatch(/^evidence-[0-9a-f]{16}\.json$/);
    expect(mode(path.join(cache, file))).toBe(0o600);
    expect(await store.load('scope')).toEqual(new Map());
  });
});
