/**
 * The simulator's extension data behaves as ExtensionManagement's document store: scopes, etags, conflicts, missing
 * documents, values as $settings documents, and a file that survives a new store.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExtensionDataError, ExtensionDataStore, MAX_DOCUMENT_BYTES } from './extension-data';

const EXT = 'fabrikam.deploy-audit';
let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ext-data-'));
  file = path.join(dir, 'nested', 'data.json');
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const failure = (run: () => unknown): ExtensionDataError => {
  try {
    run();
  } catch (error) {
    return error as ExtensionDataError;
  }
  throw new Error('expected a failure');
};

it('keeps values per organization and per user, with the default value for a missing one', () => {
  const store = new ExtensionDataStore(file);
  expect(store.handle('getValue', ['policy', { defaultValue: { requiredApprovals: 2 } }], EXT, 'alice')).toEqual({ requiredApprovals: 2 });
  expect(store.handle('setValue', ['policy', { requiredApprovals: 1 }], EXT, 'alice')).toEqual({ requiredApprovals: 1 });
  expect(store.handle('getValue', ['policy'], EXT, 'bob')).toEqual({ requiredApprovals: 1 });
  store.handle('setValue', ['columns', ['a'], { scopeType: 'User' }], EXT, 'alice');
  expect(store.handle('getValue', ['columns', { scopeType: 'User' }], EXT, 'alice')).toEqual(['a']);
  expect(store.handle('getValue', ['columns', { scopeType: 'User' }], EXT, 'bob')).toBeUndefined();
  expect(store.handle('getValue', ['columns'], EXT, 'alice')).toBeUndefined();
});

it('versions documents with __etag and refuses stale writes, duplicates and missing documents', () => {
  const store = new ExtensionDataStore(file);
  const created = store.handle('createDocument', ['c', { id: 'd', n: 1 }], EXT, 'u') as Record<string, unknown>;
  expect(created).toEqual({ id: 'd', n: 1, __etag: 1 });
  expect(failure(() => store.handle('createDocument', ['c', { id: 'd' }], EXT, 'u'))).toMatchObject({ status: 400, typeKey: 'DocumentExistsException' });
  expect(store.handle('updateDocument', ['c', { ...created, n: 2 }], EXT, 'u')).toEqual({ id: 'd', n: 2, __etag: 2 });
  expect(failure(() => store.handle('updateDocument', ['c', { ...created, n: 3 }], EXT, 'u'))).toMatchObject({
    status: 400,
    typeKey: 'InvalidDocumentVersionException',
  });
  expect(store.handle('setDocument', ['c', { id: 'd', n: 4, __etag: -1 }], EXT, 'u')).toEqual({ id: 'd', n: 4, __etag: 3 });
  expect(failure(() => store.handle('updateDocument', ['c', { id: 'e' }], EXT, 'u'))).toMatchObject({ status: 404 });
  expect(failure(() => store.handle('getDocument', ['c', 'e'], EXT, 'u'))).toMatchObject({ status: 404, typeKey: 'DocumentDoesNotExistException' });
  const generated = store.handle('createDocument', ['c', { n: 5 }], EXT, 'u') as { id: string };
  expect(generated.id).toMatch(/^[0-9a-f-]{36}$/);
  expect((store.handle('getDocuments', ['c'], EXT, 'u') as unknown[]).length).toBe(2);
  store.handle('deleteDocument', ['c', 'd'], EXT, 'u');
  expect(store.handle('getDocuments', ['c'], EXT, 'u')).toEqual([generated]);
  expect(failure(() => store.handle('getDocuments', ['none'], EXT, 'u'))).toMatchObject({ status: 404, typeKey: 'DocumentCollectionDoesNotExistException' });
  expect(store.handle('queryCollectionsByName', [['none', 'c']], EXT, 'u')).toEqual([
    { collectionName: 'none', scopeType: 'Default', scopeValue: 'Current', documents: null },
    { collectionName: 'c', scopeType: 'Default', scopeValue: 'Current', documents: [generated] },
  ]);
});

it('survives a restart: a new store on the same file reads what the last one wrote', () => {
  new ExtensionDataStore(file).handle('setValue', ['policy', { requiredApprovals: 3 }], EXT, 'alice');
  expect(new ExtensionDataStore(file).handle('getValue', ['policy'], EXT, 'carol')).toEqual({ requiredApprovals: 3 });
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).extensions[EXT]['Default/Current'].$settings.policy).toMatchObject({ __etag: 1 });
});

it('keeps collections apart and shares the organization scope between users: a document created by one is read by another, never overwritten', () => {
  const store = new ExtensionDataStore(file);
  store.handle('createDocument', ['snapshots-p1', { id: 's1', n: 1 }], EXT, 'alice');
  store.handle('createDocument', ['snapshot-parts-s1', { id: 's1', n: 2 }], EXT, 'alice');
  expect(store.handle('getDocument', ['snapshots-p1', 's1'], EXT, 'bob')).toEqual({ id: 's1', n: 1, __etag: 1 });
  expect(store.handle('getDocuments', ['snapshot-parts-s1'], EXT, 'bob')).toEqual([{ id: 's1', n: 2, __etag: 1 }]);
  expect(failure(() => store.handle('createDocument', ['snapshots-p1', { id: 's1', n: 3 }], EXT, 'bob'))).toMatchObject({ status: 400, typeKey: 'DocumentExistsException' });
  expect(store.handle('getDocument', ['snapshots-p1', 's1'], EXT, 'carol')).toMatchObject({ n: 1 });
});

it('refuses what the service refuses: a document over its maximum size, a collection name over 100 characters; drops reserved members', () => {
  const store = new ExtensionDataStore(file);
  expect(failure(() => store.handle('createDocument', ['c', { id: 'big', text: 'x'.repeat(MAX_DOCUMENT_BYTES) }], EXT, 'u'))).toMatchObject({
    status: 400,
    typeKey: 'MaximumDocumentSizeException',
  });
  expect(store.handle('createDocument', ['c', { id: 'fits', text: 'x'.repeat(512 * 1024) }], EXT, 'u')).toMatchObject({ id: 'fits', __etag: 1 });
  expect(failure(() => store.handle('createDocument', ['c'.repeat(101), { id: 'd' }], EXT, 'u'))).toMatchObject({ status: 400 });
  expect(store.handle('createDocument', ['c', { id: 'r', __hidden: 1, __etag: 7, n: 1 }], EXT, 'u')).toEqual({ id: 'r', n: 1, __etag: 1 });
});
