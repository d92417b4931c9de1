import { downloadFile } from './download';

it('hands the browser a file to download through a Blob and a temporary object URL', async () => {
  jest.useFakeTimers();
  const blobs: Blob[] = [];
  URL.createObjectURL = jest.fn((blob: Blob) => {
    blobs.push(blob);
    return 'blob:deploy-audit/1';
  });
  URL.revokeObjectURL = jest.fn();
  const clicked: HTMLAnchorElement[] = [];
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });

  downloadFile({ name: 'deploy-audit-shop.csv', mediaType: 'text/csv;charset=utf-8', content: 'key\n1\n' });

  expect(clicked).toHaveLength(1);
  expect(clicked[0].download).toBe('deploy-audit-shop.csv');
  expect(clicked[0].href).toBe('blob:deploy-audit/1');
  expect(clicked[0].isConnected).toBe(false);
  expect(blobs[0].type).toBe('text/csv;charset=utf-8');
  expect(blobs[0].size).toBe(6);
  expect(URL.revokeObjectURL).not.toHaveBeenCalled();
  jest.runAllTimers();
  expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:deploy-audit/1');
  click.mockRestore();
  jest.useRealTimers();
});

it('downloads bytes (a workbook) as they are', () => {
  const blobs: Blob[] = [];
  URL.createObjectURL = jest.fn((blob: Blob) => {
    blobs.push(blob);
    return 'blob:x';
  });
  URL.revokeObjectURL = jest.fn();
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  downloadFile({ name: 'a.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: new Uint8Array([80, 75, 3, 4]) });
  expect(blobs[0].size).toBe(4);
  click.mockRestore();
});
