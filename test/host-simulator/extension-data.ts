/**
 * The Extension Data Service's storage, kept in a JSON file so that settings survive a restart of the simulator.
 * It behaves as ExtensionManagement's ExtensionDataService does (its ExtensionDataController and service as shipped in
 * Azure DevOps Server 2022): documents live in collections, in a scope that is either the organization
 * ("Default"/"Current") or a user ("User"/"Me"); every document has an `id` and an `__etag` that starts at 1 and grows
 * with each write; members starting with `__` other than `__etag` are dropped. The service's errors, with its status
 * codes: a createDocument naming a taken id is DocumentExistsException and a write naming a stale `__etag`
 * InvalidDocumentVersionException, both 400 (`__etag: -1` overwrites); a missing document or collection is 404
 * (DocumentDoesNotExistException, DocumentCollectionDoesNotExistException; getDocuments of a collection never written
 * fails so, as real extensions catch it); a document over 5,244,928 bytes (the service's default
 * ExtensionDataMaxDocumentSize, measured on the request body) is MaximumDocumentSizeException; a collection name over
 * 100 characters is refused. Values are documents of the "$settings" collection.
 *
 *   { "extensions": { "<publisher.extension>": { "Default/Current": { "<collection>": { "<id>": {doc} } },
 *                                                "User/<user id>": { … } } } }
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface DocumentOptions {
  scopeType?: string;
  scopeValue?: string;
  defaultValue?: unknown;
}

type Doc = Record<string, unknown> & { id: string; __etag: number };
type Collections = Record<string, Record<string, Doc>>;

interface StoreFile {
  extensions: Record<string, Record<string, Collections>>;
}

/** An error the REST layer would give: status and typeKey as ExtensionManagement answers. */
export class ExtensionDataError extends Error {
  constructor(
    readonly status: number,
    readonly typeKey: string,
    message: string,
  ) {
    super(message);
  }
}

const SETTINGS = '$settings';
/** ExtensionManagementConstants.ExtensionDataMaxDocumentSize's default in the service. */
export const MAX_DOCUMENT_BYTES = 5_244_928;
const MAX_COLLECTION_NAME = 100;

export class ExtensionDataStore {
  private data: StoreFile;

  constructor(readonly file: string) {
    this.data = ExtensionDataStore.read(file);
  }

  private static read(file: string): StoreFile {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreFile;
      return parsed && typeof parsed.extensions === 'object' ? parsed : { extensions: {} };
    } catch {
      return { extensions: {} };
    }
  }

  /** Writes the file atomically (a crash never leaves half a file). */
  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(this.data, null, 2)}\n`);
    fs.renameSync(temp, this.file);
  }

  /** Everything stored, for tests and for people curious about what the extension saved. */
  snapshot(): StoreFile {
    return JSON.parse(JSON.stringify(this.data)) as StoreFile;
  }

  /** Forgets everything (and empties the file). */
  clear(): void {
    this.data = { extensions: {} };
    this.save();
  }

  private collections(extensionId: string, userId: string, options?: DocumentOptions): Collections {
    const scopeType = (options?.scopeType ?? 'Default').toLowerCase() === 'user' ? 'User' : 'Default';
    const scope = scopeType === 'User' ? `User/${userId}` : `Default/${options?.scopeValue ?? 'Current'}`;
    const extension = (this.data.extensions[extensionId.toLowerCase()] ??= {});
    return (extension[scope] ??= {});
  }

  private collection(extensionId: string, userId: string, name: string, options?: DocumentOptions): Record<string, Doc> {
    if (name.length > MAX_COLLECTION_NAME) {
      throw new ExtensionDataError(400, 'ArgumentException', `The collection name is ${name.length} characters long, more than ${MAX_COLLECTION_NAME}.`);
    }
    const collections = this.collections(extensionId, userId, options);
    return (collections[name] ??= {});
  }

  /** A collection that must already exist (reads): 404 DocumentCollectionDoesNotExistException otherwise. */
  private existing(extensionId: string, userId: string, name: string, options?: DocumentOptions): Record<string, Doc> {
    const found = this.collections(extensionId, userId, options)[name];
    if (!found || !Object.keys(found).length) {
      throw new ExtensionDataError(404, 'DocumentCollectionDoesNotExistException', `The collection ${name} does not exist.`);
    }
    return found;
  }

  private static copy<T>(value: T): T {
    return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
  }

  private static checkDocument(doc: unknown): Record<string, unknown> {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
      throw new ExtensionDataError(400, 'InvalidDocumentException', 'The document must be a JSON object.');
    }
    return doc as Record<string, unknown>;
  }

  private write(target: Record<string, Doc>, doc: Record<string, unknown>, mode: 'create' | 'update' | 'set'): Doc {
    const id = doc.id === undefined || doc.id === null || doc.id === '' ? crypto.randomUUID() : String(doc.id);
    const existing = target[id];
    if (mode === 'create' && existing) {
      throw new ExtensionDataError(400, 'DocumentExistsException', `The document ${id} already exists in the collection.`);
    }
    if (mode === 'update' && !existing) {
      throw new ExtensionDataError(404, 'DocumentDoesNotExistException', `The document ${id} does not exist in the collection.`);
    }
    const etag = doc.__etag;
    if (existing && etag !== undefined && etag !== -1 && Number(etag) !== existing.__etag) {
      throw new ExtensionDataError(
        400,
        'InvalidDocumentVersionException',
        `The document ${id} has been changed since it was read (etag ${String(etag)}, now ${existing.__etag}).`,
      );
    }
    const size = Buffer.byteLength(JSON.stringify(doc));
    if (size > MAX_DOCUMENT_BYTES) {
      throw new ExtensionDataError(400, 'MaximumDocumentSizeException', `The document is ${size} bytes, more than the maximum of ${MAX_DOCUMENT_BYTES}.`);
    }
    const kept = Object.fromEntries(Object.entries(ExtensionDataStore.copy(doc)).filter(([key]) => !key.startsWith('__')));
    const stored: Doc = { ...kept, id, __etag: (existing?.__etag ?? 0) + 1 };
    target[id] = stored;
    this.save();
    return ExtensionDataStore.copy(stored);
  }

  private documentsOrNull(extensionId: string, userId: string, name: string, options?: DocumentOptions): Doc[] | null {
    try {
      return Object.values(this.existing(extensionId, userId, name, options)).map((d) => ExtensionDataStore.copy(d));
    } catch (error) {
      if (error instanceof ExtensionDataError && error.status === 404) return null;
      throw error;
    }
  }

  /** Runs one IExtensionDataManager method with the arguments the extension passed. */
  handle(op: string, args: unknown[], extensionId: string, userId: string): unknown {
    const a = args as [unknown, unknown, unknown];
    switch (op) {
      case 'getValue': {
        const options = a[1] as DocumentOptions | undefined;
        const doc = this.collection(extensionId, userId, SETTINGS, options)[String(a[0])];
        return doc ? ExtensionDataStore.copy(doc.value) : options?.defaultValue;
      }
      case 'setValue': {
        const target = this.collection(extensionId, userId, SETTINGS, a[2] as DocumentOptions | undefined);
        this.write(target, { id: String(a[0]), __etag: -1, value: a[1] }, 'set');
        return ExtensionDataStore.copy(a[1]);
      }
      case 'getDocument': {
        const doc = this.collection(extensionId, userId, String(a[0]), a[2] as DocumentOptions | undefined)[String(a[1])];
        if (!doc) throw new ExtensionDataError(404, 'DocumentDoesNotExistException', `The document ${String(a[1])} does not exist.`);
        return ExtensionDataStore.copy(doc);
      }
      case 'getDocuments':
        return Object.values(this.existing(extensionId, userId, String(a[0]), a[1] as DocumentOptions | undefined)).map((d) => ExtensionDataStore.copy(d));
      case 'createDocument':
      case 'setDocument':
      case 'updateDocument': {
        const target = this.collection(extensionId, userId, String(a[0]), a[2] as DocumentOptions | undefined);
        const mode = op === 'createDocument' ? 'create' : op === 'updateDocument' ? 'update' : 'set';
        return this.write(target, ExtensionDataStore.checkDocument(a[1]), mode);
      }
      case 'deleteDocument': {
        const target = this.collection(extensionId, userId, String(a[0]), a[2] as DocumentOptions | undefined);
        const id = String(a[1]);
        if (!target[id]) throw new ExtensionDataError(404, 'DocumentDoesNotExistException', `The document ${id} does not exist.`);
        delete target[id];
        this.save();
        return undefined;
      }
      // A collection that does not exist comes back with null documents, as the service's QueryCollections says.
      case 'queryCollectionsByName':
        return (a[0] as string[]).map((name) => ({
          collectionName: name,
          scopeType: 'Default',
          scopeValue: 'Current',
          documents: this.documentsOrNull(extensionId, userId, name),
        }));
      case 'queryCollections':
        return (a[0] as Array<{ collectionName: string; scopeType?: string; scopeValue?: string }>).map((c) => ({
          ...c,
          documents: this.documentsOrNull(extensionId, userId, c.collectionName, c),
        }));
      default:
        throw new ExtensionDataError(400, 'NotSupportedException', `Unknown extension data operation ${op}.`);
    }
  }
}
