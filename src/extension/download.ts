/** Downloads a file the page made (an export) through a Blob and a temporary object URL. */
import type { SavedFile } from './audit-service';

export function downloadFile(file: SavedFile, doc: Document = document): void {
  const parts: BlobPart[] = [typeof file.content === 'string' ? file.content : new Uint8Array(file.content)];
  const url = URL.createObjectURL(new Blob(parts, { type: file.mediaType }));
  const anchor = doc.createElement('a');
  anchor.href = url;
  anchor.download = file.name;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  doc.body.appendChild(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
    // Some browsers read the URL after click() returns: release it a little later.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
